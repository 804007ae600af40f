#pragma once
// Who the client is when Careguard runs behind reverse proxies. A proxy names the address it
// got the request from in X-Forwarded-For or Forwarded (RFC 7239), appending to what earlier
// hops wrote. Only proxies listed in the trusted_proxies setting are believed:
//
// - when the connection does not come from a trusted proxy, the headers are ignored (anyone
//   can send them);
// - otherwise the chain is walked from the right (the hop nearest to us), skipping trusted
//   addresses; the first address that is not trusted is the client. When every hop is
//   trusted, the left-most is the client;
// - an entry that cannot be read (malformed, "unknown", an obfuscated name) stops the walk:
//   the client is then the last trusted hop, and `certain` is false;
// - when both headers are sent and name different clients, neither is believed: the client is
//   the connection's peer, and `certain` is false (a proxy that manages one header may pass
//   the other through from the client untouched).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip_address.h"

namespace cg::http {

// One hop of a forwarding header, left to right: its address, or nothing when the entry
// cannot be read or names no address.
using Hop = std::optional<net::IpAddress>;

// X-Forwarded-For: comma-separated addresses; an IPv6 address may be in brackets and either
// may carry a port ("192.0.2.1:4711", "[2001:db8::1]:4711"), which is dropped.
std::vector<Hop> x_forwarded_for_hops(std::string_view value);
// Forwarded: the for= parameter of each comma-separated element. Values are tokens or quoted
// strings ("for=192.0.2.60", "for=\"[2001:db8:cafe::17]:4711\""); IPv6 must be bracketed and
// quoted, as the RFC says. A syntax error ends the list with one unreadable hop, since where
// the following elements begin can no longer be told.
std::vector<Hop> forwarded_hops(std::string_view value);

struct ClientAddress {
  std::string address;  // the client's address as far as it can be told
  bool certain = true;  // false when a forwarding header could not be believed (see above)
};

// `peer` is the address of the connection's other end as the socket reports it; the headers
// are the values as received (several fields of one name joined with ", "), nullopt when
// absent. Addresses that come from the headers are given in to_string() form.
ClientAddress client_address(const std::string& peer,
                             const std::optional<std::string>& x_forwarded_for,
                             const std::optional<std::string>& forwarded,
                             const std::vector<net::AddressRange>& trusted_proxies);

}  // namespace cg::http
