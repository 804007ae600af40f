#pragma once
#include <cstdint>
#include <ostream>

#include "store/database.h"

namespace cg::cli {

// Loads a small, realistic set of demo organisations and people. Running it again changes
// nothing. Prints the demo sign-ins.
void load_demo(store::Database& db, int64_t now, std::ostream& out);

}  // namespace cg::cli
