#pragma once
// `careguard import statuses FILE.csv`: applies a published status list from the command line
// and prints what changed and every row that could not be used.
#include <cstdint>
#include <iosfwd>
#include <string>

#include "core/config.h"
#include "store/database.h"

namespace CLI {
class App;
}

namespace cg::cli {

struct ImportArgs {
  std::string file;
};

// Adds `import statuses FILE` to the command line and returns the `statuses` subcommand (the
// caller adds the common --database and --config options to it).
CLI::App* add_import_command(CLI::App& cli, ImportArgs& args);

// Runs the import; 0 when the file was imported (even with some rows not used), 2 when it was
// refused or could not be read.
int run_import_command(store::Database& db, const Config& config, const ImportArgs& args,
                       int64_t now, std::ostream& out, std::ostream& err);

}  // namespace cg::cli
