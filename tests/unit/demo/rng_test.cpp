// The dataset's own random numbers: fixed outputs for a seed, and uniform enough.
#include "demo/rng.h"

#include <gtest/gtest.h>

namespace cg::demo {
namespace {

TEST(DemoRng, SplitmixMatchesItsReferenceOutput) {
  // First outputs of splitmix64 seeded with 0 (Vigna's reference implementation).
  uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(splitmix64(state), 0x6e789e6aa1b965f4ULL);
}

TEST(DemoRng, SameSeedSameSequenceAndKeysSeparateStreams) {
  Rng a(42), b(42), c(43);
  int same_as_other = 0;
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    same_as_other += x == c.next();
  }
  EXPECT_EQ(same_as_other, 0);
  EXPECT_EQ(key({1, 2, 3}), key({1, 2, 3}));
  EXPECT_NE(key({1, 2, 3}), key({1, 3, 2}));
  EXPECT_NE(key({1, 2}), key({1, 2, 0}));
}

TEST(DemoRng, BoundedDrawsStayInRangeAndCoverIt) {
  Rng r(1);
  int counts[6] = {};
  for (int i = 0; i < 60000; ++i) {
    const int64_t x = r.between(1, 6);
    ASSERT_GE(x, 1);
    ASSERT_LE(x, 6);
    ++counts[x - 1];
    const double u = r.unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
}

}  // namespace
}  // namespace cg::demo
