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

TEST(FragmentCache, FindsManyAtOnceAsOneByOne) {
  FragmentCache cache(300);
  cache.keep("a", "1", body(98, 'a'));
  cache.keep("b", "2", body(98, 'b'));
  cache.keep("c", "1", body(98, 'c'));
  auto found = cache.find_all({"c", "b", "missing", "a"}, "1");
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(*found[0], std::string(98, 'c'));
  EXPECT_FALSE(found[1]) << "kept under another stamp";
  EXPECT_FALSE(found[2]);
  EXPECT_EQ(*found[3], std::string(98, 'a'));
  EXPECT_TRUE(cache.find_all({}, "1").empty());
  // Found, a and c are the most recently used: b goes first.
  cache.keep("d", "1", body(98));
  EXPECT_FALSE(cache.find("b", "2"));
  EXPECT_TRUE(cache.find("a", "1"));
  EXPECT_TRUE(cache.find("c", "1"));
}

}  // namespace
}  // namespace cg::web
