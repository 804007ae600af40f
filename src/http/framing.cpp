#include "http/framing.h"

#include <algorithm>

#include "core/ascii.h"
#include "core/ip_address.h"

namespace cg::http {

namespace {

bool is_hex(char ch) {
  return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// reg-name = *( unreserved / pct-encoded / sub-delims ); an IPv4 address is one too.
bool valid_reg_name(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    const bool alnum =
        (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    if (alnum || std::string_view("-._~!$&'()*+,;=").find(ch) != std::string_view::npos) continue;
    if (ch == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

// The transfer codings of all Transfer-Encoding fields in order, lower-cased, without the
// empty list elements a list may have.
std::vector<std::string> codings(const std::vector<std::string>& fields) {
  std::vector<std::string> out;
  for (const auto& field : fields) {
    std::string_view rest = field;
    for (;;) {
      const size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
      while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
      if (!item.empty()) out.push_back(ascii_lower(item));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

}  // namespace

bool valid_host_value(std::string_view value) {
  std::string_view host = value;
  std::string_view port;
  if (!value.empty() && value.front() == '[') {
    const size_t close = value.find(']');
    if (close == std::string_view::npos) return false;
    const auto ip = net::parse_ip(value.substr(1, close - 1));
    if (!ip || !ip->v6) return false;  // IPvFuture is not served
    const std::string_view after = value.substr(close + 1);
    if (!after.empty() && after.front() != ':') return false;
    if (!after.empty()) port = after.substr(1);
    return all_digits(port);
  }
  const size_t colon = value.find(':');
  if (colon != std::string_view::npos) {
    host = value.substr(0, colon);
    port = value.substr(colon + 1);
  }
  return valid_reg_name(host) && all_digits(port);
}

std::optional<FramingProblem> check_request_head(const RequestHead& head) {
  if (head.host.size() > 1) return FramingProblem{400, "The request has more than one Host header"};
  if (head.host.empty() && head.version >= 11)
    return FramingProblem{400, "An HTTP/1.1 request needs a Host header"};
  if (!head.host.empty() && !valid_host_value(head.host.front()))
    return FramingProblem{400, "The Host header is not a host name or address"};
  if (head.transfer_encoding.empty()) return std::nullopt;
  // Only HTTP/1.1 has transfer codings; an HTTP/1.0 message that claims one is framed wrongly.
  if (head.version < 11)
    return FramingProblem{400, "Transfer-Encoding is not allowed in an HTTP/1.0 request"};
  if (head.content_length_fields > 0)
    return FramingProblem{400, "The request has both Transfer-Encoding and Content-Length"};
  const auto list = codings(head.transfer_encoding);
  const auto chunked = std::count(list.begin(), list.end(), "chunked");
  if (list.empty() || list.back() != "chunked")
    return FramingProblem{400, "The final transfer coding of the request is not chunked"};
  if (chunked > 1)
    return FramingProblem{400, "The request applies the chunked transfer coding more than once"};
  if (list.size() > 1) return FramingProblem{501, "Only the chunked transfer coding is supported"};
  return std::nullopt;
}

}  // namespace cg::http
