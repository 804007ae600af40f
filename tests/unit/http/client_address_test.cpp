// Who the client is behind reverse proxies: the forwarding headers' hops, and the walk from
// the right that believes only trusted proxies.
#include "http/client_address.h"

#include <gtest/gtest.h>

namespace {

using cg::http::client_address;
using cg::http::Hop;

// Hops as text: the address, or "?" for an entry that cannot be used.
std::vector<std::string> printed(const std::vector<Hop>& hops) {
  std::vector<std::string> out;
  for (const auto& h : hops) out.push_back(h ? cg::net::to_string(*h) : "?");
  return out;
}

using List = std::vector<std::string>;

TEST(XForwardedFor, ReadsEachCommaSeparatedAddress) {
  const std::pair<const char*, List> cases[] = {
      {"203.0.113.7", {"203.0.113.7"}},
      {"203.0.113.7, 10.0.0.2", {"203.0.113.7", "10.0.0.2"}},
      {"203.0.113.7,10.0.0.2", {"203.0.113.7", "10.0.0.2"}},
      {" \t203.0.113.7 ,\t10.0.0.2 ", {"203.0.113.7", "10.0.0.2"}},
      {"2001:db8::7", {"2001:db8::7"}},
      {"[2001:db8::7]", {"2001:db8::7"}},
      {"[2001:db8::7]:4711", {"2001:db8::7"}},
      {"203.0.113.7:4711", {"203.0.113.7"}},
      {"::ffff:203.0.113.7", {"203.0.113.7"}},
      {"unknown, 10.0.0.2", {"?", "10.0.0.2"}},
      {"evil.example, 10.0.0.2", {"?", "10.0.0.2"}},
      {"", {"?"}},
      {"203.0.113.7,,10.0.0.2", {"203.0.113.7", "?", "10.0.0.2"}},
      {"203.0.113.7:", {"?"}},
      {"203.0.113.7:99999", {"?"}},
      {"203.0.113.7:80:80", {"?"}},
      {"[203.0.113.7]", {"?"}},
      {"[2001:db8::7", {"?"}},
      {"[2001:db8::7]x", {"?"}},
      {"203.0.113.7 10.0.0.2", {"?"}},
      {"\"203.0.113.7\"", {"?"}},
  };
  for (const auto& [value, expected] : cases)
    EXPECT_EQ(printed(cg::http::x_forwarded_for_hops(value)), expected) << value;
}

TEST(Forwarded, ReadsTheForParameterOfEachElement) {
  const std::pair<const char*, List> cases[] = {
      // The examples of RFC 7239 section 4.
      {"for=\"_gazonk\"", {"?"}},
      {"For=\"[2001:db8:cafe::17]:4711\"", {"2001:db8:cafe::17"}},
      {"for=192.0.2.60;proto=http;by=203.0.113.43", {"192.0.2.60"}},
      {"for=192.0.2.43, for=198.51.100.17", {"192.0.2.43", "198.51.100.17"}},
      // Quoted, bracketed, with ports, parameters in any order, any case.
      {"for=\"192.0.2.43:4711\"", {"192.0.2.43"}},
      {"for=\"[2001:db8::1]\"", {"2001:db8::1"}},
      {"for=\"[2001:db8::1]:_port\"", {"2001:db8::1"}},
      {"proto=https;FOR=192.0.2.43;host=careguard.example.org", {"192.0.2.43"}},
      {"for=192.0.2.43 ; proto=https , for=10.0.0.2", {"192.0.2.43", "10.0.0.2"}},
      {"for=\"192.0.\\2.43\"", {"192.0.2.43"}},  // a quoted-pair stands for its character
      {"for=192.0.2.43,,for=10.0.0.2", {"192.0.2.43", "10.0.0.2"}},  // empty list element
      {"for=192.0.2.43;", {"192.0.2.43"}},
      // Entries with no usable address.
      {"for=unknown, for=10.0.0.2", {"?", "10.0.0.2"}},
      {"for=_hidden, for=10.0.0.2", {"?", "10.0.0.2"}},
      {"proto=https, for=10.0.0.2", {"?", "10.0.0.2"}},                  // no for=
      {"for=192.0.2.1;for=192.0.2.2, for=10.0.0.2", {"?", "10.0.0.2"}},  // for= twice
      {"for=\"2001:db8::1\", for=10.0.0.2", {"?", "10.0.0.2"}},          // IPv6 unbracketed
      {"for=\"[192.0.2.1]\", for=10.0.0.2", {"?", "10.0.0.2"}},
      {"for=\"192.0.2.1:port\", for=10.0.0.2", {"?", "10.0.0.2"}},
      {"for=evil.example, for=10.0.0.2", {"?", "10.0.0.2"}},
      // Syntax errors: the elements after one cannot be found, so the list ends there.
      {"for=[2001:db8::1], for=10.0.0.2", {"?"}},  // brackets must be quoted
      {"for=192.0.2.43:80, for=10.0.0.2", {"?"}},  // so must a colon
      {"for=\"192.0.2.43, for=10.0.0.2", {"?"}},   // no closing quote
      {"for=192.0.2.43 for=10.0.0.2", {"?"}},
      {"for=10.0.0.2, for=192.0.2.43:80", {"10.0.0.2", "?"}},
      {"for=, for=10.0.0.2", {"?"}},
      {"=192.0.2.43", {"?"}},
      {"for", {"?"}},
      {"for=192.0.2.43, \"x\"", {"192.0.2.43", "?"}},
      {"for=\"192.0.2.43\x01\"", {"?"}},
  };
  for (const auto& [value, expected] : cases)
    EXPECT_EQ(printed(cg::http::forwarded_hops(value)), expected) << value;
}

TEST(ClientAddress, WalksFromTheRightBelievingOnlyTrustedProxies) {
  struct Case {
    const char* what;
    const char* peer;
    std::optional<std::string> xff;
    std::optional<std::string> forwarded;
    std::vector<const char*> trusted;
    const char* client;
    bool certain;
  };
  const std::optional<std::string> none;
  const Case cases[] = {
      {"no proxies configured: headers ignored",
       "127.0.0.1",
       "203.0.113.7",
       none,
       {},
       "127.0.0.1",
       true},
      {"peer not trusted: headers ignored",
       "198.51.100.9",
       "127.0.0.1",
       "for=127.0.0.1",
       {"127.0.0.1"},
       "198.51.100.9",
       true},
      {"trusted peer without headers is the client",
       "127.0.0.1",
       none,
       none,
       {"127.0.0.1"},
       "127.0.0.1",
       true},
      {"one proxy", "127.0.0.1", "203.0.113.7", none, {"127.0.0.1"}, "203.0.113.7", true},
      {"a client's own claim left of the proxy's entry is not believed",
       "127.0.0.1",
       "127.0.0.1, 10.9.9.9, 203.0.113.7",
       none,
       {"127.0.0.1", "10.0.0.0/8"},
       "203.0.113.7",
       true},
      {"trusted hops skipped",
       "10.0.0.1",
       "203.0.113.7, 10.0.0.3, 10.0.0.2",
       none,
       {"10.0.0.0/8"},
       "203.0.113.7",
       true},
      {"every hop trusted: the left-most",
       "10.0.0.1",
       "10.0.0.3, 10.0.0.2",
       none,
       {"10.0.0.0/8"},
       "10.0.0.3",
       true},
      {"malformed entry: the last trusted hop",
       "10.0.0.1",
       "203.0.113.7, garbage, 10.0.0.2",
       none,
       {"10.0.0.0/8"},
       "10.0.0.2",
       false},
      {"malformed right-most entry: the peer",
       "127.0.0.1",
       "not-an-address",
       none,
       {"127.0.0.1"},
       "127.0.0.1",
       false},
      {"empty header: the peer", "127.0.0.1", "", none, {"127.0.0.1"}, "127.0.0.1", false},
      {"malformed entry left of the client does not matter",
       "127.0.0.1",
       "garbage, 203.0.113.7",
       none,
       {"127.0.0.1"},
       "203.0.113.7",
       true},
      {"Forwarded",
       "127.0.0.1",
       none,
       "for=\"[2001:db8::7]:4711\";proto=https",
       {"127.0.0.1"},
       "2001:db8::7",
       true},
      {"Forwarded chain",
       "::1",
       none,
       "for=198.51.100.4, for=203.0.113.7, for=\"[::1]\"",
       {"::1"},
       "203.0.113.7",
       true},
      {"Forwarded unknown: the last trusted hop",
       "127.0.0.1",
       none,
       "for=unknown",
       {"127.0.0.1"},
       "127.0.0.1",
       false},
      {"both headers agreeing",
       "127.0.0.1",
       "203.0.113.7",
       "for=203.0.113.7",
       {"127.0.0.1"},
       "203.0.113.7",
       true},
      {"both headers disagreeing: neither",
       "127.0.0.1",
       "203.0.113.7",
       "for=127.0.0.1",
       {"127.0.0.1"},
       "127.0.0.1",
       false},
      {"IPv4-mapped peer matches an IPv4 range",
       "::ffff:127.0.0.1",
       "203.0.113.7",
       none,
       {"127.0.0.0/8"},
       "203.0.113.7",
       true},
      {"IPv6 peer in an IPv6 range",
       "2001:db8::10",
       "2001:db8:ffff::1, 2001:db8::20",
       none,
       {"2001:db8::/64"},
       "2001:db8:ffff::1",
       true},
      {"link-local peer with its interface",
       "fe80::1%2",
       "203.0.113.7",
       none,
       {"fe80::/10"},
       "203.0.113.7",
       true},
      {"addresses are given in their usual form",
       "127.0.0.1",
       "2001:0DB8:0:0::7",
       none,
       {"127.0.0.1"},
       "2001:db8::7",
       true},
      {"address with a port",
       "127.0.0.1",
       "203.0.113.7:51234",
       none,
       {"127.0.0.1"},
       "203.0.113.7",
       true},
  };
  for (const auto& c : cases) {
    std::vector<cg::net::AddressRange> trusted;
    for (const char* t : c.trusted) trusted.push_back(*cg::net::parse_range(t).range);
    const auto got = client_address(c.peer, c.xff, c.forwarded, trusted);
    EXPECT_EQ(got.address, c.client) << c.what;
    EXPECT_EQ(got.certain, c.certain) << c.what;
  }
}

}  // namespace
