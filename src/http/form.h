#pragma once
// Parsers for untrusted request bodies and URLs. Each throws cg::Error(bad_request) with a
// plain message on malformed input and never reads past what it was given.
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace cg::http {

std::string percent_decode(std::string_view in, bool plus_as_space);
std::string percent_encode(std::string_view in);
Params parse_urlencoded(std::string_view body);

struct Part {
  std::string name;
  std::string filename;  // empty for plain fields
  std::string content_type;
  std::string data;
};

// Parses multipart/form-data given the Content-Type header's value.
std::vector<Part> parse_multipart(std::string_view body, std::string_view content_type,
                                  size_t max_parts = 100);

// Fills request.path (percent-decoded) and request.query from request.target.
void split_target(Request& request);

// Form fields from a urlencoded or multipart body (file parts are left out).
Params form_fields(const Request& request);

}  // namespace cg::http
