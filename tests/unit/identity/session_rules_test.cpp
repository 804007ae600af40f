#include "identity/session_rules.h"

#include <gtest/gtest.h>

namespace {

using cg::identity::session_expired;
using cg::identity::session_needs_touch;
using cg::identity::SessionTimes;

TEST(SessionRules, IdleAndAbsoluteTimeouts) {
  constexpr int64_t idle = 30 * 60, absolute = 12 * 3600, t0 = 1'800'000'000;
  struct Case {
    const char* name;
    SessionTimes s;
    int64_t now;
    bool expired;
  };
  const Case cases[] = {
      {"just signed in", {t0, t0}, t0, false},
      {"one second before idle", {t0, t0}, t0 + idle - 1, false},
      {"idle reached", {t0, t0}, t0 + idle, true},
      {"busy but absolute reached", {t0, t0 + absolute - 10}, t0 + absolute, true},
      {"busy, one second before absolute", {t0, t0 + absolute - 10}, t0 + absolute - 1, false},
  };
  for (const auto& c : cases)
    EXPECT_EQ(session_expired(c.s, c.now, idle, absolute), c.expired) << c.name;
}

TEST(SessionRules, TouchAtMostOnceAMinute) {
  EXPECT_FALSE(session_needs_touch({0, 1000}, 1059));
  EXPECT_TRUE(session_needs_touch({0, 1000}, 1060));
}

}  // namespace
