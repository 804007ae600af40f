#include <gtest/gtest.h>

#include "core/crypto.h"
#include "identity/audit.h"

namespace {

using namespace cg::identity;

std::vector<AuditEntry> chain(int n) {
  cg::crypto::init();
  std::vector<AuditEntry> out;
  std::string prev;
  for (int i = 1; i <= n; ++i) {
    AuditEntry e;
    e.id = i;
    e.at = 1700000000 + i;
    e.actor_id = 7;
    e.org_id = 3;
    e.action = "org.update";
    e.target_type = "organisation";
    e.target_id = "3";
    e.summary = "{\"n\":" + std::to_string(i) + "}";
    e.prev_hash = prev;
    e.hash = audit_hash(e, prev);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

std::string head_of(const std::vector<AuditEntry>& c) {
  return c.empty() ? "" : std::to_string(c.back().id) + ":" + c.back().hash;
}

TEST(AuditChain, IntactChainVerifies) {
  auto c = chain(5);
  auto v = verify_chain(c, head_of(c));
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, 5);
  EXPECT_TRUE(verify_chain({}, "").ok);
}

TEST(AuditChain, DetectsEachKindOfTampering) {
  struct Case {
    const char* name;
    void (*tamper)(std::vector<AuditEntry>&);
    int64_t bad_id;
  };
  const Case cases[] = {
      {"changed summary", [](std::vector<AuditEntry>& c) { c[2].summary = "{\"n\":99}"; }, 3},
      {"changed actor", [](std::vector<AuditEntry>& c) { c[1].actor_id = 8; }, 2},
      {"changed time", [](std::vector<AuditEntry>& c) { c[0].at += 1; }, 1},
      {"deleted middle entry", [](std::vector<AuditEntry>& c) { c.erase(c.begin() + 2); }, 4},
      {"deleted first entry", [](std::vector<AuditEntry>& c) { c.erase(c.begin()); }, 2},
      {"rehashed entry breaks the next link",
       [](std::vector<AuditEntry>& c) {
         c[1].summary = "{}";
         c[1].hash = audit_hash(c[1], c[1].prev_hash);
       },
       3},
  };
  for (const auto& tc : cases) {
    auto c = chain(5);
    const std::string head = head_of(c);
    tc.tamper(c);
    auto v = verify_chain(c, head);
    EXPECT_FALSE(v.ok) << tc.name;
    EXPECT_EQ(v.first_bad_id, tc.bad_id) << tc.name;
  }
}

TEST(AuditChain, DetectsDeletedNewestEntriesThroughTheHead) {
  auto c = chain(5);
  const std::string head = head_of(c);
  c.pop_back();
  auto v = verify_chain(c, head);
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.problem.find("newest"), std::string::npos);
}

TEST(AuditChain, FieldBoundariesMatter) {
  cg::crypto::init();
  AuditEntry a, b;
  a.action = "ab";
  a.target_type = "c";
  b.action = "a";
  b.target_type = "bc";
  EXPECT_NE(audit_hash(a, ""), audit_hash(b, ""));
}

}  // namespace
