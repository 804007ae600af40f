#include "http/client_address.h"

#include <algorithm>
#include <charconv>

#include "core/ascii.h"

namespace cg::http {

namespace {

bool is_ows(char ch) { return ch == ' ' || ch == '\t'; }

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

bool is_alnum(char ch) {
  return is_digit(ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

// RFC 9110 tchar.
bool is_tchar(char ch) {
  return is_alnum(ch) || std::string_view("!#$%&'*+-.^_`|~").find(ch) != std::string_view::npos;
}

bool is_port(std::string_view s) {
  unsigned port = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), port);
  return !s.empty() && s.size() <= 5 && ec == std::errc() && end == s.data() + s.size() &&
         port <= 65535 && is_digit(s.front());
}

// RFC 7239 obfuscated identifiers ("_hidden", "_8123"): real, but not addresses.
bool is_obfuscated(std::string_view s) {
  if (s.size() < 2 || s.front() != '_') return false;
  for (char ch : s.substr(1))
    if (!is_alnum(ch) && ch != '.' && ch != '_' && ch != '-') return false;
  return true;
}

// "[v6]" with an optional ":port" after it. `port_ok` decides what a port may be.
template <class PortOk>
Hop bracketed_v6(std::string_view s, PortOk port_ok) {
  const size_t close = s.find(']');
  if (s.empty() || s.front() != '[' || close == std::string_view::npos) return std::nullopt;
  const std::string_view inside = s.substr(1, close - 1);
  const std::string_view rest = s.substr(close + 1);
  if (!rest.empty() && (rest.front() != ':' || !port_ok(rest.substr(1)))) return std::nullopt;
  if (inside.find(':') == std::string_view::npos) return std::nullopt;  // "[192.0.2.1]"
  return net::parse_ip(inside);
}

// "v4" or "v4:port".
template <class PortOk>
Hop v4_with_port(std::string_view s, PortOk port_ok) {
  const size_t colon = s.find(':');
  if (colon != std::string_view::npos && !port_ok(s.substr(colon + 1))) return std::nullopt;
  auto ip = net::parse_ip(s.substr(0, colon));
  if (!ip || ip->v6) return std::nullopt;
  return ip;
}

Hop x_forwarded_for_entry(std::string_view s) {
  s = trim_ows(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '[') return bracketed_v6(s, is_port);
  const size_t colons = static_cast<size_t>(std::count(s.begin(), s.end(), ':'));
  if (colons <= 1) return v4_with_port(s, is_port);
  return net::parse_ip(s);  // a bare IPv6 address
}

// node = nodename [ ":" node-port ], nodename = IPv4address / "[" IPv6address "]" / "unknown"
// / obfnode (RFC 7239 section 6).
Hop forwarded_node(std::string_view s) {
  auto port_ok = [](std::string_view p) { return is_port(p) || is_obfuscated(p); };
  if (!s.empty() && s.front() == '[') return bracketed_v6(s, port_ok);
  return v4_with_port(s, port_ok);  // "unknown" and obfuscated names fail here too
}

// Reads forwarded-elements left to right.
class ForwardedReader {
 public:
  explicit ForwardedReader(std::string_view s) : s_(s) {}

  std::vector<Hop> read() {
    std::vector<Hop> hops;
    for (;;) {
      skip_ows();
      if (at_end()) return hops;
      if (peek() == ',') {  // an empty list element, which lists may have
        ++pos_;
        continue;
      }
      std::optional<std::string> for_value;
      bool readable = true;
      if (!read_element(for_value, readable)) {
        hops.push_back(std::nullopt);
        return hops;
      }
      skip_ows();
      if (!at_end() && peek() != ',') {  // something after the element that does not belong
        hops.push_back(std::nullopt);
        return hops;
      }
      hops.push_back(readable && for_value ? forwarded_node(*for_value) : std::nullopt);
      if (at_end()) return hops;
      ++pos_;
    }
  }

 private:
  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return s_[pos_]; }
  void skip_ows() {
    while (!at_end() && is_ows(peek())) ++pos_;
  }

  // forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] ). Returns false on a
  // syntax error. A for= given twice makes the element unreadable (the RFC forbids it).
  bool read_element(std::optional<std::string>& for_value, bool& readable) {
    for (;;) {
      skip_ows();
      if (!at_end() && peek() != ';' && peek() != ',') {
        std::string name, value;
        if (!read_pair(name, value)) return false;
        if (ascii_lower(name) == "for") {
          if (for_value) readable = false;
          for_value = std::move(value);
        }
        skip_ows();
      }
      if (at_end() || peek() != ';') return true;
      ++pos_;
    }
  }

  // forwarded-pair = token "=" ( token / quoted-string )
  bool read_pair(std::string& name, std::string& value) {
    while (!at_end() && is_tchar(peek())) name.push_back(s_[pos_++]);
    if (name.empty() || at_end() || peek() != '=') return false;
    ++pos_;
    if (!at_end() && peek() == '"') return read_quoted(value);
    while (!at_end() && is_tchar(peek())) value.push_back(s_[pos_++]);
    return !value.empty();
  }

  bool read_quoted(std::string& value) {
    ++pos_;  // the opening quote
    while (!at_end()) {
      const char ch = s_[pos_++];
      if (ch == '"') return true;
      if (ch == '\\') {
        if (at_end()) return false;
        value.push_back(s_[pos_++]);
      } else if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t') {
        return false;
      } else {
        value.push_back(ch);
      }
    }
    return false;  // no closing quote
  }

  std::string_view s_;
  size_t pos_ = 0;
};

// The client named by one header's hops, starting from the (trusted) peer.
ClientAddress walk(const std::vector<Hop>& hops, const net::IpAddress& peer,
                   const std::vector<net::AddressRange>& trusted) {
  net::IpAddress last_trusted = peer;
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (!*it) return {net::to_string(last_trusted), false};
    if (!net::in_any(trusted, **it)) return {net::to_string(**it), true};
    last_trusted = **it;
  }
  return {net::to_string(last_trusted), true};
}

}  // namespace

std::vector<Hop> x_forwarded_for_hops(std::string_view value) {
  std::vector<Hop> hops;
  for (;;) {
    const size_t comma = value.find(',');
    hops.push_back(x_forwarded_for_entry(value.substr(0, comma)));
    if (comma == std::string_view::npos) return hops;
    value.remove_prefix(comma + 1);
  }
}

std::vector<Hop> forwarded_hops(std::string_view value) { return ForwardedReader(value).read(); }

ClientAddress client_address(const std::string& peer,
                             const std::optional<std::string>& x_forwarded_for,
                             const std::optional<std::string>& forwarded,
                             const std::vector<net::AddressRange>& trusted_proxies) {
  if (trusted_proxies.empty() || (!x_forwarded_for && !forwarded)) return {peer, true};
  // A link-local peer comes with its interface ("fe80::1%eth0").
  const auto peer_ip = net::parse_ip(std::string_view(peer).substr(0, peer.find('%')));
  if (!peer_ip || !net::in_any(trusted_proxies, *peer_ip)) return {peer, true};
  std::optional<ClientAddress> by_xff, by_forwarded;
  if (x_forwarded_for)
    by_xff = walk(x_forwarded_for_hops(*x_forwarded_for), *peer_ip, trusted_proxies);
  if (forwarded) by_forwarded = walk(forwarded_hops(*forwarded), *peer_ip, trusted_proxies);
  if (by_xff && by_forwarded) {
    if (by_xff->address != by_forwarded->address) return {net::to_string(*peer_ip), false};
    return {by_xff->address, by_xff->certain && by_forwarded->certain};
  }
  return by_xff ? *by_xff : *by_forwarded;
}

}  // namespace cg::http
