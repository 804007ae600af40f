#pragma once
// Rules for where a request ends and who it is for, checked on the header before any body is
// read (RFC 9112 sections 3.2, 6.1 and 6.3). Beast's parser already refuses some bad
// combinations but reads others as "no body", so that the body would be parsed as a second
// request (request smuggling when a proxy in front frames it differently). A request that
// breaks one of these rules is answered with the status given and the connection is closed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cg::http {

struct RequestHead {
  int version = 11;                            // 10 for HTTP/1.0, 11 for HTTP/1.1
  std::vector<std::string> transfer_encoding;  // the value of each Transfer-Encoding field
  size_t content_length_fields = 0;
  std::vector<std::string> host;  // the value of each Host field
};

struct FramingProblem {
  int status = 400;  // 400, or 501 for a transfer coding the server does not implement
  std::string message;
};

// Nothing when the request may be read; otherwise what is wrong with it.
std::optional<FramingProblem> check_request_head(const RequestHead& head);

// Whether a Host value is uri-host [ ":" port ] (RFC 9110 section 7.2; RFC 3986).
bool valid_host_value(std::string_view value);

}  // namespace cg::http
