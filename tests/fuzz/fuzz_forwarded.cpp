// Fuzzes what the server reads from headers a client controls before any handler runs:
// X-Forwarded-For and Forwarded (the hops, and the client found behind trusted proxies),
// trusted_proxies entries, Host values and Transfer-Encoding lists (the framing rules), and
// next= after signing in (is_local_path).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/ip_address.h"
#include "http/client_address.h"
#include "http/framing.h"
#include "web/local_path.h"

namespace {

const std::vector<cg::net::AddressRange>& trusted() {
  static const std::vector<cg::net::AddressRange> ranges = {
      *cg::net::parse_range("127.0.0.0/8").range, *cg::net::parse_range("10.0.0.0/8").range,
      *cg::net::parse_range("::1").range, *cg::net::parse_range("2001:db8::/32").range};
  return ranges;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t commas = static_cast<size_t>(std::count(input.begin(), input.end(), ','));

  // Every comma-separated entry is one hop; Forwarded may stop early at a syntax error.
  if (cg::http::x_forwarded_for_hops(input).size() != commas + 1) std::abort();
  if (cg::http::forwarded_hops(input).size() > commas + 1) std::abort();

  // From a trusted peer, the client is always an address (from the headers or a trusted hop).
  for (const auto& [xff, fwd] :
       {std::pair{std::optional<std::string>(input), std::optional<std::string>()},
        std::pair{std::optional<std::string>(), std::optional<std::string>(input)},
        std::pair{std::optional<std::string>(input), std::optional<std::string>(input)}}) {
    const auto client = cg::http::client_address("127.0.0.1", xff, fwd, trusted());
    if (!cg::net::parse_ip(client.address)) std::abort();
    // From an untrusted peer the headers change nothing.
    const auto ignored = cg::http::client_address("192.0.2.1", xff, fwd, trusted());
    if (ignored.address != "192.0.2.1" || !ignored.certain) std::abort();
  }

  // A range that parses prints as something that parses to the same range.
  const auto range = cg::net::parse_range(input);
  if (range.range) {
    const auto again = cg::net::parse_range(cg::net::to_string(*range.range));
    if (!again.range || !(*again.range == *range.range)) std::abort();
  } else if (range.error.empty()) {
    std::abort();
  }
  if (const auto ip = cg::net::parse_ip(input)) {
    if (cg::net::parse_ip(cg::net::to_string(*ip)) != ip) std::abort();
  }

  (void)cg::http::valid_host_value(input);
  (void)cg::http::check_request_head({11, {input}, 0, {input}});
  (void)cg::http::check_request_head({10, {}, 0, {input}});

  if (cg::web::is_local_path(input)) {
    if (input.empty() || input[0] != '/' || input.size() > 500) std::abort();
    for (const char ch : input) {
      const auto byte = static_cast<unsigned char>(ch);
      if (byte <= 0x20 || byte >= 0x7f || ch == '\\') std::abort();
    }
    if (input.size() > 1 && input[1] == '/') std::abort();
  }
  if (cg::web::safe_next(input) != (cg::web::is_local_path(input) ? input : "/")) std::abort();
  return 0;
}
