// IP addresses and CIDR ranges: what parses, how it prints, what a range holds.
#include <gtest/gtest.h>

#include "core/ip_address.h"

namespace {

using cg::net::parse_ip;
using cg::net::parse_range;

TEST(IpAddress, ParsesIpv4AndIpv6AndPrintsTheUsualForm) {
  struct Case {
    const char* text;
    const char* printed;  // nullptr: not an address
    bool v6;
  };
  const Case cases[] = {
      {"192.0.2.1", "192.0.2.1", false},
      {"0.0.0.0", "0.0.0.0", false},
      {"255.255.255.255", "255.255.255.255", false},
      {"2001:db8::1", "2001:db8::1", true},
      {"2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1", true},
      {"::1", "::1", true},
      {"::", "::", true},
      // An IPv4-mapped IPv6 address is its IPv4 address, so both spellings are one client.
      {"::ffff:192.0.2.1", "192.0.2.1", false},
      {"::FFFF:127.0.0.1", "127.0.0.1", false},
      {"", nullptr, false},
      {"192.0.2", nullptr, false},
      {"192.0.2.256", nullptr, false},
      {"192.0.2.1.5", nullptr, false},
      {"010.0.0.1", nullptr, false},  // leading zeros (octal to some parsers)
      {" 192.0.2.1", nullptr, false},
      {"192.0.2.1 ", nullptr, false},
      {"192.0.2.1:80", nullptr, false},
      {"[2001:db8::1]", nullptr, false},
      {"fe80::1%eth0", nullptr, false},
      {"2001:db8:::1", nullptr, false},
      {"localhost", nullptr, false},
      {"unknown", nullptr, false},
      {"1.2.3.4/8", nullptr, false},
  };
  for (const auto& c : cases) {
    auto ip = parse_ip(c.text);
    if (!c.printed) {
      EXPECT_FALSE(ip.has_value()) << c.text;
      continue;
    }
    ASSERT_TRUE(ip.has_value()) << c.text;
    EXPECT_EQ(cg::net::to_string(*ip), c.printed) << c.text;
    EXPECT_EQ(ip->v6, c.v6) << c.text;
  }
}

TEST(IpAddress, LoopbackIs127Slash8AndColonColonOne) {
  const std::pair<const char*, bool> cases[] = {
      {"127.0.0.1", true},
      {"127.255.0.9", true},
      {"::1", true},
      {"::ffff:127.0.0.1", true},
      {"128.0.0.1", false},
      {"10.0.0.1", false},
      {"::2", false},
      {"::", false},
      {"0:0:0:0:0:0:0:1", true},
      {"::127.0.0.1", false},  // IPv4-compatible (deprecated), not
                               // mapped: an IPv6 address
      {"2001:db8::1", false},
  };
  for (const auto& [text, loopback] : cases) {
    auto ip = parse_ip(text);
    ASSERT_TRUE(ip.has_value()) << text;
    EXPECT_EQ(cg::net::is_loopback(*ip), loopback) << text;
  }
}

TEST(AddressRange, ParsesRangesAndSingleAddresses) {
  struct Case {
    const char* text;
    const char* printed;  // nullptr: refused
    const char* error;    // part of the message when refused
  };
  const Case cases[] = {
      {"10.0.0.0/8", "10.0.0.0/8", ""},
      {"192.0.2.7", "192.0.2.7/32", ""},
      {"192.0.2.7/32", "192.0.2.7/32", ""},
      {"0.0.0.0/0", "0.0.0.0/0", ""},
      {"2001:db8::/32", "2001:db8::/32", ""},
      {"::1", "::1/128", ""},
      {"::ffff:10.0.0.0/8", "10.0.0.0/8", ""},
      {"172.16.0.0/12", "172.16.0.0/12", ""},
      {"10.0.0.1/8", nullptr, "bits set past its /8 prefix (did you mean 10.0.0.0/8?)"},
      {"2001:db8::1/32", nullptr, "did you mean 2001:db8::/32?"},
      {"10.0.0.0/33", nullptr, "prefix length that is not from 0 to 32"},
      {"2001:db8::/129", nullptr, "not from 0 to 128"},
      {"10.0.0.0/", nullptr, "prefix length"},
      {"10.0.0.0/-1", nullptr, "prefix length"},
      {"10.0.0.0/8x", nullptr, "prefix length"},
      {"10.0.0.0/ 8", nullptr, "prefix length"},
      {"proxy.internal", nullptr, "'proxy.internal' is not an IP address or CIDR range"},
      {"", nullptr, "is not an IP address"},
      {"/8", nullptr, "is not an IP address"},
  };
  for (const auto& c : cases) {
    auto parsed = parse_range(c.text);
    if (!c.printed) {
      EXPECT_FALSE(parsed.range.has_value()) << c.text;
      EXPECT_NE(parsed.error.find(c.error), std::string::npos) << c.text << ": " << parsed.error;
      continue;
    }
    ASSERT_TRUE(parsed.range.has_value()) << c.text << ": " << parsed.error;
    EXPECT_EQ(cg::net::to_string(*parsed.range), c.printed) << c.text;
  }
}

TEST(AddressRange, ContainsOnlyAddressesOfItsFamilyUnderItsPrefix) {
  struct Case {
    const char* range;
    const char* address;
    bool inside;
  };
  const Case cases[] = {
      {"10.0.0.0/8", "10.255.3.4", true},
      {"10.0.0.0/8", "11.0.0.0", false},
      {"10.0.0.0/8", "::ffff:10.1.2.3", true},
      {"172.16.0.0/12", "172.31.255.255", true},
      {"172.16.0.0/12", "172.32.0.0", false},
      {"192.0.2.7", "192.0.2.7", true},
      {"192.0.2.7", "192.0.2.8", false},
      {"192.0.2.0/25", "192.0.2.127", true},
      {"192.0.2.0/25", "192.0.2.128", false},
      {"0.0.0.0/0", "203.0.113.9", true},
      {"0.0.0.0/0", "2001:db8::1", false},  // IPv4 ranges never hold IPv6 addresses
      {"2001:db8::/32", "2001:db8:ffff::1", true},
      {"2001:db8::/32", "2001:db9::1", false},
      {"2001:db8::/127", "2001:db8::1", true},
      {"2001:db8::/127", "2001:db8::2", false},
      {"::1", "::1", true},
      {"::1", "127.0.0.1", false},
      {"::/0", "10.0.0.1", false},
  };
  for (const auto& c : cases) {
    auto range = parse_range(c.range).range;
    auto ip = parse_ip(c.address);
    ASSERT_TRUE(range && ip) << c.range << " " << c.address;
    EXPECT_EQ(range->contains(*ip), c.inside) << c.range << " " << c.address;
    EXPECT_EQ(cg::net::in_any({*range}, *ip), c.inside) << c.range << " " << c.address;
  }
  EXPECT_FALSE(cg::net::in_any({}, *parse_ip("127.0.0.1")));
}

}  // namespace
