#pragma once
#include <memory>
#include <string>

#include "store/database.h"

namespace cg::store {

// Connects with libpq. Statements are prepared once per connection and reused; each connection
// keeps its kCachedStatements (store/statement_cache.h) most recently used.
std::unique_ptr<Connection> open_postgres(const std::string& url);

}  // namespace cg::store
