#pragma once
// `careguard backup`, `careguard restore` and `careguard checksums`: copying the database out
// while it is in use, putting a copy back, and showing two databases hold the same rows.
#include <ostream>
#include <string>

#include "core/config.h"

namespace cg::cli {

int run_backup(const Config& c, const std::string& to, std::ostream& out);
// Refuses to replace a database that holds organisations unless `force` is set. The server
// should be stopped first. Brings an older backup up to this version's schema afterwards.
int run_restore(const Config& c, const std::string& from, bool force, std::ostream& out);
// Prints "table rows:sha256" for every table.
int run_checksums(const Config& c, std::ostream& out);

}  // namespace cg::cli
