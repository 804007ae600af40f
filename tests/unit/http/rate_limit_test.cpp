// The token bucket behind API rate limits, driven by a hand-held clock.
#include "http/rate_limit.h"

#include <gtest/gtest.h>

namespace {

using cg::http::RateLimiter;

TEST(RateLimiter, AllowsABurstThenRefusesWithWhenToRetry) {
  RateLimiter limiter(60, 5);  // one a second, bursts of five
  for (int i = 0; i < 5; ++i) {
    auto d = limiter.take("token-1", 0);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.remaining, 4 - i);
  }
  auto refused = limiter.take("token-1", 0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);
  // Other keys have their own bucket.
  EXPECT_TRUE(limiter.take("token-2", 0).allowed);
}

TEST(RateLimiter, RefillsAtTheSteadyRateUpToTheBurst) {
  struct Step {
    int64_t at_ms;
    bool allowed;
  };
  RateLimiter limiter(120, 2);  // one every 500 ms, bursts of two
  const Step steps[] = {
      {0, true},     {0, true},    {0, false},     // burst used up
      {499, false},  {500, true},  {500, false},   // one back after 500 ms
      {5000, true},  {5000, true}, {5000, false},  // a long pause refills only to the burst
      {4000, false},                               // a clock going backwards adds nothing
  };
  for (const auto& s : steps) EXPECT_EQ(limiter.take("k", s.at_ms).allowed, s.allowed) << s.at_ms;
}

TEST(RateLimiter, RetryAfterCoversTheWait) {
  RateLimiter limiter(6, 1);  // one every ten seconds
  EXPECT_TRUE(limiter.take("k", 0).allowed);
  auto d = limiter.take("k", 1000);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds, 9);
  EXPECT_TRUE(limiter.take("k", 10000).allowed);
}

TEST(RateLimiter, NonsenseSettingsStillLimit) {
  RateLimiter limiter(0, 0);  // treated as one a minute, bursts of one
  EXPECT_TRUE(limiter.take("k", 0).allowed);
  EXPECT_FALSE(limiter.take("k", 0).allowed);
}

}  // namespace
