#pragma once
// Hostile inputs for the injection test, the ways to put them into a request, and the judgement
// of what the server answered. Kept apart from the test so the rules of "safe" are read in one
// place: never a 5xx, never our script markers raw in HTML, never a file's contents or a database
// error message, and markup only ever inside JSON or a download.
#include <string>
#include <vector>

#include "harness.h"

namespace cg::test {

struct Payload {
  std::string kind;   // sql, script, traversal or odd
  std::string label;  // printable name for failure messages
  std::string value;  // the bytes sent
};

// SQL injection, script and template injection, path traversal, and oversized or odd bytes
// (10,000 characters, invalid UTF-8, a NUL), in a fixed order.
const std::vector<Payload>& injection_payloads();

// Percent-encodes every byte but unreserved ones, for a path segment or a query value.
std::string percent_encode_all(const std::string& value);
// A JSON string literal for `value`: quotes, backslashes and control characters escaped, bytes
// from 0x80 left as they are, so invalid UTF-8 reaches the server's JSON parser unchanged.
std::string json_string_literal(const std::string& value);
// A multipart/form-data body with `fields`, then one file part.
std::string multipart_body(const std::string& boundary,
                           const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::string& file_field, const std::string& file_name,
                           const std::string& file_bytes, const std::string& file_type);
// One CSV field, quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& value);

// What is wrong with a response to a request that carried hostile input; empty when nothing.
// `api` says the route belongs to the JSON API, whose answers must always be JSON.
std::vector<std::string> response_problems(const HttpResponse& response, bool api);

// True when `text` holds one of the script payloads as live markup rather than escaped text.
bool has_live_markup(const std::string& text);

}  // namespace cg::test
