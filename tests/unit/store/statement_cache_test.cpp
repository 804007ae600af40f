#include "store/statement_cache.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace {

using cg::store::StatementCache;

// Runs a sequence of statements through a cache of 3 the way the adapters do (find, else add
// and release the oldest while over capacity) and reports what was released, in order.
std::vector<int> released_after(const std::vector<std::string>& run) {
  StatementCache<int> cache(3);
  std::vector<int> released;
  int next = 0;
  for (const auto& sql : run) {
    if (cache.find(sql)) continue;
    cache.add(sql, next++);
    while (cache.over_capacity()) released.push_back(*cache.pop_oldest());
  }
  EXPECT_LE(cache.size(), 3u);
  return released;
}

TEST(StatementCache, ReleasesTheLeastRecentlyUsed) {
  struct Case {
    const char* why;
    std::vector<std::string> run;
    std::vector<int> released;
  };
  const Case cases[] = {
      {"within capacity nothing goes", {"a", "b", "c", "a", "b", "c"}, {}},
      {"the oldest goes first", {"a", "b", "c", "d", "e"}, {0, 1}},
      {"a hit makes a statement the newest", {"a", "b", "c", "a", "d"}, {1}},
      {"a statement released and run again is prepared again",
       {"a", "b", "c", "d", "a", "b"},
       {0, 1, 2}},
      {"repeats of the newest change nothing", {"a", "b", "c", "c", "c", "d"}, {0}},
  };
  for (const auto& c : cases) EXPECT_EQ(released_after(c.run), c.released) << c.why;
}

TEST(StatementCache, FindsByTextAndKeepsHandlesInPlace) {
  StatementCache<std::string> cache(2);
  EXPECT_EQ(cache.find("SELECT 1"), nullptr);
  const std::string& kept = cache.add("SELECT 1", "s0");
  cache.add(std::string(100, 'x'), "s1");  // longer than any short-string buffer
  ASSERT_NE(cache.find("SELECT 1"), nullptr);
  EXPECT_EQ(*cache.find("SELECT 1"), "s0");
  EXPECT_EQ(&kept, cache.find("SELECT 1"));  // moving to the front does not move the handle
  EXPECT_EQ(*cache.find(std::string(100, 'x')), "s1");
  EXPECT_EQ(cache.find("SELECT 2"), nullptr);
  EXPECT_FALSE(cache.over_capacity());
  cache.add("SELECT 2", "s2");
  EXPECT_TRUE(cache.over_capacity());
  EXPECT_EQ(cache.pop_oldest(), std::optional<std::string>("s0"));
  EXPECT_EQ(cache.find("SELECT 1"), nullptr);
  EXPECT_EQ(cache.size(), 2u);
  std::vector<std::string> left;
  cache.each([&](const std::string& h) { left.push_back(h); });
  EXPECT_EQ(left, (std::vector<std::string>{"s2", "s1"}));
  cache.pop_oldest();
  cache.pop_oldest();
  EXPECT_FALSE(cache.pop_oldest().has_value());
}

}  // namespace
