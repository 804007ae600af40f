#pragma once
// A fingerprint of every table, so two databases (say, before a backup and after restoring it)
// can be shown to hold exactly the same rows.
#include <map>
#include <string>

#include "store/database.h"

namespace cg::store {

// Table name -> "ROWS:SHA256" over the table's rows in a fixed order (independent of the order
// the database returns them in).
std::map<std::string, std::string> table_checksums(Connection& c);

}  // namespace cg::store
