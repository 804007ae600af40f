#include "core/ip_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace cg::net {

namespace {

constexpr std::array<uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

int width(const IpAddress& a) { return a.v6 ? 128 : 32; }

// Whether the first `bits` bits of a and b are equal.
bool same_prefix(const IpAddress& a, const IpAddress& b, int bits) {
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    const int take = bits >= 8 ? 8 : bits;
    const auto mask = static_cast<uint8_t>(0xff00u >> take);
    if ((a.bytes[static_cast<size_t>(i)] & mask) != (b.bytes[static_cast<size_t>(i)] & mask))
      return false;
  }
  return true;
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  // inet_pton wants a C string; anything longer than the longest IPv6 text is not an address.
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string s(text);
  IpAddress a;
  if (s.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
    return a;
  }
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
  if (std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), a.bytes.begin())) {
    IpAddress v4;
    std::copy(a.bytes.begin() + 12, a.bytes.end(), v4.bytes.begin());
    return v4;
  }
  a.v6 = true;
  return a;
}

std::string to_string(const IpAddress& a) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(a.v6 ? AF_INET6 : AF_INET, a.bytes.data(), buf, sizeof buf);
  return buf;
}

bool is_loopback(const IpAddress& a) {
  if (!a.v6) return a.bytes[0] == 127;
  static const IpAddress kV6Loopback = {true, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};
  return a == kV6Loopback;
}

bool AddressRange::contains(const IpAddress& a) const {
  return a.v6 == base.v6 && same_prefix(a, base, prefix);
}

RangeParse parse_range(std::string_view text) {
  RangeParse out;
  const size_t slash = text.find('/');
  const auto address = parse_ip(text.substr(0, slash));
  if (!address) {
    out.error = "'" + std::string(text) + "' is not an IP address or CIDR range";
    return out;
  }
  int prefix = width(*address);
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || digits.size() > 3 || ec != std::errc() ||
        end != digits.data() + digits.size() || prefix < 0 || prefix > width(*address)) {
      out.error = "'" + std::string(text) + "' has a prefix length that is not from 0 to " +
                  std::to_string(width(*address));
      return out;
    }
  }
  AddressRange range{*address, prefix};
  for (int bit = prefix; bit < width(*address); ++bit)
    range.base.bytes[static_cast<size_t>(bit / 8)] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
  if (range.base != *address) {
    out.error = "'" + std::string(text) + "' has bits set past its /" + std::to_string(prefix) +
                " prefix (did you mean " + to_string(range) + "?)";
    return out;
  }
  out.range = range;
  return out;
}

std::string to_string(const AddressRange& r) {
  return to_string(r.base) + "/" + std::to_string(r.prefix);
}

bool in_any(const std::vector<AddressRange>& ranges, const IpAddress& address) {
  for (const auto& r : ranges)
    if (r.contains(address)) return true;
  return false;
}

}  // namespace cg::net
