#pragma once
// Every route the server answers, as (method, pattern) pairs such as ("GET", "/orgs/{id}"),
// read from the application's own router. Tests that must cover every route (cross-organisation
// access, injection) walk this list, so a route added later is covered or makes them fail.
#include <string>
#include <utility>
#include <vector>

namespace cg::test {

// Builds the application in-process against a scratch SQLite database (removed again) and lists
// its routes in the order they were registered.
std::vector<std::pair<std::string, std::string>> all_routes();

}  // namespace cg::test
