#include "cli/import_command.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/error.h"
#include "oversight/import/importer.h"
#include "toolkit/content/loader.h"

namespace cg::cli {

namespace {

identity::Actor command_line_actor() {
  // Whoever can run the command line on the server acts as the national team.
  identity::Actor a;
  identity::Membership m;
  m.role = identity::Role::national_admin;
  a.memberships.push_back(m);
  return a;
}

std::map<std::string, std::string> known_deadlines(const Config& config) {
  try {
    return oversight::import::deadlines_from(
        toolkit::Library::load(config.share() + "/content/frameworks"));
  } catch (const std::exception&) {
    return {};  // without the content, each edition's deadline follows the 30 June rule
  }
}

}  // namespace

CLI::App* add_import_command(CLI::App& cli, ImportArgs& args) {
  auto* import = cli.add_subcommand("import", "Import data from files");
  import->require_subcommand(1);
  auto* statuses = import->add_subcommand(
      "statuses", "Apply a published status list (CSV): add or update organisations and statuses");
  statuses->add_option("file", args.file, "the CSV file")->required();
  return statuses;
}

int run_import_command(store::Database& db, const Config& config, const ImportArgs& args,
                       int64_t now, std::ostream& out, std::ostream& err) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto size = fs::file_size(args.file, ec);
  if (ec || !fs::is_regular_file(args.file)) {
    err << "careguard: cannot read " << args.file << ": no such file\n";
    return 2;
  }
  if (size > oversight::import::kMaxFileBytes) {
    err << "careguard: " << args.file << " is larger than "
        << oversight::import::kMaxFileBytes / (1024 * 1024) << " MB: split it into smaller files\n";
    return 2;
  }
  std::ifstream in(args.file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  oversight::import::ImportOptions options;
  options.source_name = fs::path(args.file).filename().string();
  options.deadlines = known_deadlines(config);
  oversight::import::ImportSummary s;
  try {
    s = oversight::import::import_status_list(db, command_line_actor(), text.str(), options, now);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::validation && e.code() != ErrorCode::conflict) throw;
    err << "careguard: " << args.file << " was not imported: " << e.what() << "\n";
    return 2;
  }
  out << "rows read: " << s.rows << "\n"
      << "created: " << s.created << "\n"
      << "updated: " << s.updated << "\n"
      << "unchanged: " << s.unchanged << "\n"
      << "skipped: " << s.skipped << "\n";
  for (const auto& p : s.problems)
    out << args.file << ":" << p.line << ": " << (p.code.empty() ? "" : p.code + ": ") << p.reason
        << "\n";
  return 0;
}

}  // namespace cg::cli
