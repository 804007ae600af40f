#pragma once
// What the OpenAPI document (content/api/openapi.json, served at /api/v1/openapi.json) says an
// operation takes, so a test can probe every documented input without its own list of them.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cg::test {

// Names of the query parameters of the operation `method` ("get", "post", ...) on the path
// `pattern` ("/api/v1/orgs/{id}"), its own and its path's, with $ref followed.
std::vector<std::string> openapi_query_params(const nlohmann::json& document,
                                              const std::string& pattern,
                                              const std::string& method);

// Names of the properties of the operation's application/json request body (empty when it
// takes none).
std::vector<std::string> openapi_body_fields(const nlohmann::json& document,
                                             const std::string& pattern, const std::string& method);

}  // namespace cg::test
