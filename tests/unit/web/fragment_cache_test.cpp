// Kept page bodies: found only under the stamp they were made with, replaced when made again,
// and the least recently used dropped past the byte bound.
#include "web/fragment_cache.h"

#include <gtest/gtest.h>

namespace cg::web {
namespace {

FragmentCache::Body body(size_t bytes, char fill = 'x') {
  return std::make_shared<const std::string>(bytes, fill);
}

TEST(FragmentCache, FoundOnlyUnderTheSameStamp) {
  FragmentCache cache(1 << 20);
  cache.keep("/orgs/4/dashboard", "7|2026-11-22", body(10, 'a'));
  auto found = cache.find("/orgs/4/dashboard", "7|2026-11-22");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, std::string(10, 'a'));
  EXPECT_FALSE(cache.find("/orgs/4/dashboard", "8|2026-11-22")) << "the data moved on";
  EXPECT_FALSE(cache.find("/orgs/4/dashboard", "7|2026-11-23")) << "a new day";
  EXPECT_FALSE(cache.find("/orgs/5/dashboard", "7|2026-11-22"));
  // Made again under the new stamp: the old one is replaced, not kept beside it.
  cache.keep("/orgs/4/dashboard", "8|2026-11-22", body(20, 'b'));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(*cache.find("/orgs/4/dashboard", "8|2026-11-22"), std::string(20, 'b'));
  EXPECT_FALSE(cache.find("/orgs/4/dashboard", "7|2026-11-22"));
}

TEST(FragmentCache, DropsTheLeastRecentlyUsedPastTheBound) {
  // Each entry weighs its key (1 byte), stamp (1 byte) and body (98 bytes): 100 bytes.
  FragmentCache cache(300);
  cache.keep("a", "1", body(98));
  cache.keep("b", "1", body(98));
  cache.keep("c", "1", body(98));
  EXPECT_EQ(cache.bytes(), 300u);
  ASSERT_TRUE(cache.find("a", "1"));  // a is now the most recently used
  cache.keep("d", "1", body(98));     // b goes
  EXPECT_FALSE(cache.find("b", "1"));
  EXPECT_TRUE(cache.find("a", "1"));
  EXPECT_TRUE(cache.find("c", "1"));
  EXPECT_TRUE(cache.find("d", "1"));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_LE(cache.bytes(), 300u);
  // A body bigger than the whole bound is not kept at all (and pushes nothing out).
  cache.keep("huge", "1", body(1000));
  EXPECT_FALSE(cache.find("huge", "1"));
  EXPECT_EQ(cache.size(), 3u);
  cache.keep("none", "1", nullptr);
  EXPECT_EQ(cache.size(), 3u);
}

}  // namespace
}  // namespace cg::web
