#pragma once
// `careguard demo --national [--orgs N] [--seed S]`: generates the national synthetic dataset
// into an empty database and prints what it made, how long it took and the database size.
#include <cstdint>
#include <ostream>
#include <string>

#include "store/database.h"

namespace cg::cli {

// content_dir holds the framework files (content/frameworks). Returns the exit code.
int run_national_demo(store::Database& db, const std::string& content_dir, int64_t orgs,
                      uint64_t seed, int64_t now, std::ostream& out);

}  // namespace cg::cli
