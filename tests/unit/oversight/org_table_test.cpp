// The organisation table in memory: every sort both ways is the key, then name, then id (and
// descending is the exact reverse); a page with no filter (a slice of the order) equals the
// same page found by walking with a filter that keeps every row; filters and bad values.
#include "oversight/org_table.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace cg::oversight {
namespace {

OrgTableRow row(int64_t id, const std::string& name, int64_t staff, const std::string& status,
                const std::string& published, int64_t valid_until) {
  OrgTableRow r;
  r.id = id;
  r.name = name;
  r.type = "care_home";
  r.staff_count = staff;
  r.status = status;
  r.published_on = published;
  r.valid_until = valid_until;
  return r;
}

SortedArea area() {
  return sort_area({row(4, "Beech", 60, "met", "2026-05-01", 300),
                    row(2, "alder", 5, "not_published", "", 0),
                    row(7, "Beech", 60, "not_met", "2026-06-01", 300),
                    row(1, "Cedar", 300, "met", "2026-04-01", 200),
                    row(9, "Ash", 12, "exceeded", "2026-05-01", 400)});
}

std::vector<int64_t> ids(const OrgTable& t) {
  std::vector<int64_t> out;
  for (const auto& r : t.rows) out.push_back(r.id);
  return out;
}

TEST(OrgTable, EverySortIsItsKeyThenNameThenId) {
  const auto a = area();
  const std::vector<std::pair<std::string, std::vector<int64_t>>> cases = {
      {"name", {9, 4, 7, 1, 2}},  // bytes: capitals before "alder"
      {"type", {9, 4, 7, 1, 2}},      {"size", {2, 9, 4, 7, 1}},    {"status", {2, 7, 4, 1, 9}},
      {"published", {2, 1, 9, 4, 7}}, {"expires", {2, 1, 4, 7, 9}},
  };
  for (const auto& [sort, want] : cases) {
    OrgTableQuery q;
    q.sort = sort;
    q.page_size = 0;
    EXPECT_EQ(ids(table_page(a, q)), want) << sort;
    q.descending = true;
    EXPECT_EQ(ids(table_page(a, q)), std::vector<int64_t>(want.rbegin(), want.rend())) << sort;
  }
}

TEST(OrgTable, SlicesEqualWalks) {
  const auto a = area();
  for (const char* sort : kOrgTableSorts)
    for (bool desc : {false, true})
      for (int64_t size : {0, 1, 2, 3, 7})
        for (int64_t page = 1; page <= 6; ++page) {
          OrgTableQuery q;
          q.sort = sort;
          q.descending = desc;
          q.page_size = size;
          q.page = page;
          const auto slice = table_page(a, q);
          q.type = "care_home";  // keeps every row, but is walked
          const auto walk = table_page(a, q);
          EXPECT_EQ(ids(slice), ids(walk)) << sort << desc << size << page;
          EXPECT_EQ(slice.total, 5);
          EXPECT_EQ(walk.total, 5);
          EXPECT_EQ(slice.pages, walk.pages);
          EXPECT_EQ(slice.pages, size > 0 ? (5 + size - 1) / size : 1);
          // The indexes the dashboard keeps point at the very rows the page copies.
          const auto indexes = table_slice(a, q);
          std::vector<int64_t> by_index;
          for (uint32_t i : indexes.rows) by_index.push_back(a.rows[i].id);
          EXPECT_EQ(by_index, ids(walk)) << sort << desc << size << page;
          EXPECT_EQ(indexes.total, walk.total);
          EXPECT_EQ(indexes.pages, walk.pages);
        }
}

TEST(OrgTable, FiltersAndRefusals) {
  const auto a = area();
  OrgTableQuery q;
  q.page_size = 0;
  q.status = "met";
  EXPECT_EQ(ids(table_page(a, q)), (std::vector<int64_t>{4, 1}));
  q.status = "not_published";
  EXPECT_EQ(ids(table_page(a, q)), (std::vector<int64_t>{2}));
  q.status.clear();
  q.size = "medium";
  EXPECT_EQ(ids(table_page(a, q)), (std::vector<int64_t>{4, 7}));
  q.size.clear();
  q.name = "BEE";
  EXPECT_EQ(ids(table_page(a, q)), (std::vector<int64_t>{4, 7}));
  q.name = "%";
  EXPECT_EQ(table_page(a, q).total, 0);
  EXPECT_EQ(table_page(a, q).pages, 0);
  q.name.clear();
  for (auto bad :
       {&OrgTableQuery::status, &OrgTableQuery::type, &OrgTableQuery::size, &OrgTableQuery::sort}) {
    OrgTableQuery b;
    b.*bad = "nonsense";
    EXPECT_THROW(table_page(a, b), Error);
  }
  OrgTableQuery national;
  national.type = "region";  // not counted
  EXPECT_THROW(table_page(a, national), Error);
}

}  // namespace
}  // namespace cg::oversight
