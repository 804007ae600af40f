#pragma once
// IP addresses and CIDR ranges as plain values: parsing (IPv4 and IPv6, no host names),
// matching an address against ranges, and the loopback test. Used to decide which reverse
// proxies are believed when they name the client (http/client_address.h).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cg::net {

struct IpAddress {
  bool v6 = false;
  // IPv4 in the first 4 bytes; IPv6 in all 16. An IPv4-mapped IPv6 address (::ffff:a.b.c.d)
  // is kept as the IPv4 address it maps, so both spellings match the same ranges.
  std::array<uint8_t, 16> bytes{};

  bool operator==(const IpAddress&) const = default;
};

// Parses "192.0.2.1" or "2001:db8::1" (no brackets, port, zone or leading/trailing space).
std::optional<IpAddress> parse_ip(std::string_view text);
// The usual text form: dotted IPv4, or RFC 5952 IPv6 ("2001:db8::1").
std::string to_string(const IpAddress& address);
// 127.0.0.0/8 and ::1 (and ::ffff:127.x.y.z, which parse_ip keeps as IPv4).
bool is_loopback(const IpAddress& address);

struct AddressRange {
  IpAddress base;  // with every bit past the prefix zero
  int prefix = 0;  // 0-32 for IPv4, 0-128 for IPv6
  bool contains(const IpAddress& address) const;
  bool operator==(const AddressRange&) const = default;
};

// "10.0.0.0/8", "2001:db8::/32", or one address ("192.0.2.7" is 192.0.2.7/32). Returns an
// error message (what is wrong with `text`) instead of a range when it cannot be used; a range
// with bits set past its prefix ("10.0.0.1/8") is refused rather than silently widened.
struct RangeParse {
  std::optional<AddressRange> range;
  std::string error;
};
RangeParse parse_range(std::string_view text);
std::string to_string(const AddressRange& range);
bool in_any(const std::vector<AddressRange>& ranges, const IpAddress& address);

}  // namespace cg::net
