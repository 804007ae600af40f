// The public search's index in memory: a table of queries with the matches they must find, in
// list order, and a comparison with a plain scan of the same names for many queries, pages and
// page sizes (every path: empty query, one or two letters, trigrams, codes, no match).
#include "oversight/name_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/ascii.h"

namespace cg::oversight {
namespace {

std::vector<NameEntry> entries() {
  return {{5, "Oak House Care Home", "VNA01", "1-100"},
          {2, "oak house care home", "VNA02", ""},
          {9, "Elm Lodge Home Care", "VNA03", "1-200"},
          {3, "50% Care Agency", "A1234", ""},
          {4, "500 Care Agency", "A5678", "1-300"},
          {7, "A_B Lodge", "", ""},
          {8, "AxB Lodge", "", ""},
          {6, "X\\Y House", "", "1-100"},
          {1, "Zest Pharmacy", "FZ123", ""}};
}

TEST(NameIndex, FindsNamesAndCodesInListOrder) {
  const NameIndex index(entries());
  struct Case {
    std::string query;
    std::vector<int64_t> want;
  };
  const Case cases[] = {
      // By name ignoring case, then id: "50% ..." < "500 ..." as '%' < '0'.
      {"", {3, 4, 7, 8, 9, 2, 5, 6, 1}},
      {"oak house", {2, 5}},
      {"OAK HOUSE", {2, 5}},
      {"care", {3, 4, 9, 2, 5}},
      {"50% care", {3}},  // % is a character, not a wildcard
      {"a_b", {7}},
      {"x\\y", {6}},
      {"o", {7, 8, 9, 2, 5, 6}},  // one letter
      {"ge", {3, 4, 7, 8, 9}},
      {"vna03", {9}},  // an ODS code in any case
      {"VNA0", {}},    // codes match whole, never in part
      {"1-100", {5, 6}},
      {"a1234", {3}},
      {"fz123", {1}},
      {"lodge", {7, 8, 9}},
      {"zzz", {}},
      {"qx", {}},
      {"house care home x", {}},
      {std::string("a\0b", 3), {}},
  };
  for (const auto& c : cases) {
    const NameMatches all = index.find(c.query, 0, 100);
    EXPECT_EQ(all.ids, c.want) << c.query;
    EXPECT_FALSE(all.more) << c.query;
  }
}

TEST(NameIndex, PagesFollowOneAnother) {
  const NameIndex index(entries());
  const NameMatches first = index.find("", 0, 4), second = index.find("", 4, 4),
                    third = index.find("", 8, 4), beyond = index.find("", 12, 4);
  EXPECT_EQ(first.ids, (std::vector<int64_t>{3, 4, 7, 8}));
  EXPECT_TRUE(first.more);
  EXPECT_EQ(second.ids, (std::vector<int64_t>{9, 2, 5, 6}));
  EXPECT_TRUE(second.more);
  EXPECT_EQ(third.ids, (std::vector<int64_t>{1}));
  EXPECT_FALSE(third.more);
  EXPECT_TRUE(beyond.ids.empty());
  EXPECT_FALSE(beyond.more);
  // A code match among name matches keeps its place in the order.
  const NameMatches lodge = index.find("lodge", 1, 1);
  EXPECT_EQ(lodge.ids, (std::vector<int64_t>{8}));
  EXPECT_TRUE(lodge.more);
  EXPECT_TRUE(index.find("care", 0, 0).more);
  EXPECT_FALSE(index.find("zzz", 0, 0).more);
}

TEST(NameIndex, HoldsWhatEachResultShows) {
  const NameIndex index({{5, "Oak House", "VNA01", "1-100", "care_home", "Cheshire ICS"},
                         {2, "elm lodge", "", "", "home_care", ""},
                         {9, "Ash Court", "VNA03", "", "care_home", "Cheshire ICS"}});
  const auto found = index.find("", 0, 10);
  ASSERT_EQ(found.ids, (std::vector<int64_t>{9, 2, 5}));
  ASSERT_EQ(found.positions.size(), 3u);
  std::vector<std::string> shown;
  for (uint32_t pos : found.positions) {
    const ListedName l = index.listed(pos);
    shown.push_back(std::to_string(l.id) + "|" + std::string(l.name) + "|" +
                    std::string(l.ods_code) + "|" + std::string(l.cqc_location_id) + "|" +
                    std::string(l.type) + "|" + std::string(l.board));
  }
  EXPECT_EQ(shown, (std::vector<std::string>{"9|Ash Court|VNA03||care_home|Cheshire ICS",
                                             "2|elm lodge|||home_care|",
                                             "5|Oak House|VNA01|1-100|care_home|Cheshire ICS"}));
  EXPECT_THROW(index.listed(3), std::out_of_range);
}

TEST(NameIndex, AnEmptyIndexFindsNothing) {
  const NameIndex index({});
  EXPECT_EQ(index.size(), 0u);
  for (const char* q : {"", "a", "ab", "abc"}) {
    EXPECT_TRUE(index.find(q, 0, 10).ids.empty()) << q;
    EXPECT_FALSE(index.find(q, 0, 10).more) << q;
  }
}

// The same answer as checking every name in list order, whatever the query and page.
TEST(NameIndex, AgreesWithAPlainScan) {
  const std::vector<std::string> words = {"Oak",  "Care",  "Home",      "House", "Lodge", "Rose",
                                          "Park", "Green", "St John's", "Manor", "View",  "A&B"};
  std::mt19937 rng(7);
  std::vector<NameEntry> all;
  for (int64_t id = 1; id <= 3000; ++id) {
    std::string name;
    const size_t parts = 1 + rng() % 4;
    for (size_t p = 0; p < parts; ++p) name += (p ? " " : "") + words[rng() % words.size()];
    if (rng() % 5 == 0) name += " " + std::to_string(rng() % 100);
    NameEntry e{id, name, rng() % 3 ? "V" + std::to_string(10000 + id) : "", ""};
    if (rng() % 7 == 0) e.cqc_location_id = "1-" + std::to_string(rng() % 50);
    all.push_back(e);
  }
  // The list order, found without the index.
  std::vector<NameEntry> ordered = all;
  std::sort(ordered.begin(), ordered.end(), [](const NameEntry& a, const NameEntry& b) {
    const std::string la = ascii_lower(a.name), lb = ascii_lower(b.name);
    return la != lb ? la < lb : a.id < b.id;
  });
  const NameIndex index(all);
  ASSERT_EQ(index.size(), all.size());
  const std::vector<std::string> queries = {
      "",     "o", "OA",    "oak",  "oak care", "care home 1", "k c", "st john's", "a&b",
      "e",    "9", "1-7",   "1-49", "v10017",   "V12999",      "ark", "ouse lod",  "zz",
      "rose", "p", "view ", " "};
  for (const auto& q : queries) {
    const std::string lq = ascii_lower(q);
    std::vector<int64_t> want;
    for (const auto& e : ordered) {
      std::string upper = q;
      for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (ascii_lower(e.name).find(lq) != std::string::npos ||
          (!e.ods_code.empty() && e.ods_code == upper) ||
          (!e.cqc_location_id.empty() && e.cqc_location_id == q))
        want.push_back(e.id);
    }
    for (size_t per_page : {1u, 20u, 333u}) {
      std::vector<int64_t> listed;
      for (size_t skip = 0;; skip += per_page) {
        const NameMatches page = index.find(q, skip, per_page);
        listed.insert(listed.end(), page.ids.begin(), page.ids.end());
        ASSERT_EQ(page.more, skip + per_page < want.size()) << q << " " << skip;
        if (!page.more) break;
      }
      EXPECT_EQ(listed, want) << "'" << q << "' " << per_page;
    }
  }
}

}  // namespace
}  // namespace cg::oversight
