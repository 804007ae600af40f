#include "identity/reset_rules.h"

#include <gtest/gtest.h>

namespace {

using cg::identity::reset_link_usable;
using cg::identity::reset_request_outcome;
using cg::identity::ResetLinkTimes;
using cg::identity::ResetOutcome;
using cg::identity::ResetRequestFacts;
using cg::identity::ResetRequestLimits;

TEST(ResetRules, RequestOutcomeFollowsTheAddressThenTheAccountLimit) {
  const ResetRequestLimits limits{3, 10};
  struct Case {
    const char* name;
    ResetRequestFacts facts;
    ResetOutcome expected;
  };
  const Case cases[] = {
      {"first request for an account", {true, 0, 0}, ResetOutcome::send_link},
      {"third link in the hour", {true, 2, 0}, ResetOutcome::send_link},
      {"fourth link in the hour: same page, no email", {true, 3, 0}, ResetOutcome::say_sent},
      {"well past the account limit", {true, 50, 0}, ResetOutcome::say_sent},
      {"no account: same page, no email", {false, 0, 0}, ResetOutcome::say_sent},
      {"no account, address at its last request", {false, 0, 9}, ResetOutcome::say_sent},
      {"account, address at its last request", {true, 0, 9}, ResetOutcome::send_link},
      {"address over its limit, account fine", {true, 0, 10}, ResetOutcome::refuse},
      {"address over its limit, no account", {false, 0, 10}, ResetOutcome::refuse},
      {"both limits reached: the address decides", {true, 3, 10}, ResetOutcome::refuse},
  };
  for (const auto& c : cases)
    EXPECT_EQ(reset_request_outcome(c.facts, limits), c.expected) << c.name;
}

TEST(ResetRules, LimitsComeFromTheirArguments) {
  EXPECT_EQ(reset_request_outcome({true, 1, 0}, {1, 10}), ResetOutcome::say_sent);
  EXPECT_EQ(reset_request_outcome({true, 0, 2}, {3, 2}), ResetOutcome::refuse);
  EXPECT_EQ(reset_request_outcome({true, 0, 0}, {0, 10}), ResetOutcome::say_sent);
}

TEST(ResetRules, LinkWorksOnceUntilItExpiresOrIsReplaced) {
  constexpr int64_t t0 = 1'800'000'000, hour = 3600;
  struct Case {
    const char* name;
    ResetLinkTimes link;
    int64_t now;
    bool usable;
  };
  const Case cases[] = {
      {"just sent", {t0 + hour, 0, 0}, t0, true},
      {"one second before it expires", {t0 + hour, 0, 0}, t0 + hour - 1, true},
      {"expiry reached", {t0 + hour, 0, 0}, t0 + hour, false},
      {"long expired", {t0 + hour, 0, 0}, t0 + 30 * hour, false},
      {"used", {t0 + hour, t0 + 60, 0}, t0 + 120, false},
      {"replaced by a newer link", {t0 + hour, 0, t0 + 60}, t0 + 120, false},
  };
  for (const auto& c : cases) EXPECT_EQ(reset_link_usable(c.link, c.now), c.usable) << c.name;
}

}  // namespace
