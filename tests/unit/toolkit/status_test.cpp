#include "toolkit/scoring/status.h"

#include <gtest/gtest.h>

#include "toolkit/scoring/london_time.h"

namespace {

using namespace cg::toolkit;

// 2026-11-22 12:00 UTC
constexpr int64_t kNow = 1795348800;

TEST(LondonTime, SummerTimeBoundariesAndDayEnds) {
  // 2026: clocks go forward 29 March, back 25 October, at 01:00 UTC.
  EXPECT_FALSE(is_british_summer_time(1774745999));         // 2026-03-29T00:59:59Z
  EXPECT_TRUE(is_british_summer_time(1774746000));          // 2026-03-29T01:00:00Z
  EXPECT_TRUE(is_british_summer_time(1792889999));          // 2026-10-25T00:59:59Z
  EXPECT_FALSE(is_british_summer_time(1792890000));         // 2026-10-25T01:00:00Z
  EXPECT_EQ(london_day_end_utc("2027-06-30"), 1814396400);  // 2027-06-30T23:00:00Z (BST)
  EXPECT_EQ(london_day_end_utc("2026-12-31"), 1798761600);  // 2027-01-01T00:00:00Z (GMT)
  EXPECT_EQ(london_date(1814396399), "2027-06-30");
  EXPECT_EQ(london_date(1814396400), "2027-07-01");
  EXPECT_EQ(london_date(kNow), "2026-11-22");
}

TEST(Gaps, OnlyUnmetMandatoryItemsThatApply) {
  std::vector<ItemResult> results = {
      {"1.1", Mandatory::approaching, true, false}, {"1.2", Mandatory::approaching, true, true},
      {"1.3", Mandatory::met, true, false},         {"1.4", Mandatory::none, true, false},
      {"1.5", Mandatory::met, false, false},        {"1.6", Mandatory::met, true, true},
  };
  Gaps g = find_gaps(results);
  EXPECT_EQ(g.for_approaching, std::vector<std::string>{"1.1"});
  EXPECT_EQ(g.for_met, (std::vector<std::string>{"1.1", "1.3"}));
}

TEST(CyberEssentialsPlus, CurrentOnlyBetweenIssueAndExpiry) {
  struct Case {
    const char* name;
    CertificateRecord cert;
    bool current;
  };
  const Case cases[] = {
      {"valid plus", {true, "2026-01-10", "2027-01-10"}, true},
      {"plain Cyber Essentials", {false, "2026-01-10", "2027-01-10"}, false},
      {"expired yesterday", {true, "2025-11-21", "2026-11-21"}, false},
      {"expires today (still counts)", {true, "2025-11-22", "2026-11-22"}, true},
      {"issued tomorrow", {true, "2026-11-23", "2027-11-23"}, false},
      {"bad dates", {true, "soon", "later"}, false},
  };
  for (const auto& c : cases) EXPECT_EQ(has_current_ce_plus({c.cert}, kNow), c.current) << c.name;
}

TEST(Publishing, StatusAtEachBoundary) {
  const std::string today = "2026-11-22";
  const std::vector<PlanEntry> plan = {{"1.1", "Grace", "2027-01-31"},
                                       {"1.3", "Grace", "2027-05-22"}};
  struct Case {
    const char* name;
    PublishRequest request;
    Status status;
    size_t problems;
  };
  const Case cases[] = {
      {"nothing missing", {{{}, {}}, false, false, {}, today}, Status::met, 0},
      {"nothing missing with CE Plus", {{{}, {}}, true, false, {}, today}, Status::exceeded, 0},
      {"only Met items missing, with a plan",
       {{{}, {"1.3"}}, false, false, plan, today},
       Status::approaching,
       0},
      {"only Met items missing, CE Plus does not lift it",
       {{{}, {"1.3"}}, true, false, plan, today},
       Status::approaching,
       0},
      {"only Met items missing, no plan",
       {{{}, {"1.3"}}, false, false, {}, today},
       Status::approaching,
       1},
      {"Approaching already published this edition",
       {{{}, {"1.3"}}, false, true, plan, today},
       Status::not_met,
       0},
      {"an Approaching item missing",
       {{{"1.1"}, {"1.1", "1.3"}}, false, false, plan, today},
       Status::not_met,
       0},
      {"Not Met without a plan", {{{"1.1"}, {"1.1"}}, false, false, {}, today}, Status::not_met, 1},
      {"plan entry without owner",
       {{{"1.1"}, {"1.1"}}, false, false, {{"1.1", "", "2027-01-01"}}, today},
       Status::not_met,
       1},
      {"target date in the past",
       {{{"1.1"}, {"1.1"}}, false, false, {{"1.1", "Grace", "2026-11-21"}}, today},
       Status::not_met,
       1},
      {"target date exactly 6 months on",
       {{{"1.1"}, {"1.1"}}, false, false, {{"1.1", "Grace", "2027-05-22"}}, today},
       Status::not_met,
       0},
      {"target date beyond 6 months",
       {{{"1.1"}, {"1.1"}}, false, false, {{"1.1", "Grace", "2027-05-23"}}, today},
       Status::not_met,
       1},
      {"target date not a date",
       {{{"1.1"}, {"1.1"}}, false, false, {{"1.1", "Grace", "next May"}}, today},
       Status::not_met,
       1},
  };
  for (const auto& c : cases) {
    PublishDecision d = decide_publication(c.request);
    EXPECT_EQ(d.status, c.status) << c.name;
    EXPECT_EQ(d.problems.size(), c.problems)
        << c.name << (d.problems.empty() ? "" : ": " + d.problems[0]);
  }
}

TEST(Validity, APublicationCountsUntilTheNextEditionsDeadline) {
  // 2026-27's deadline is 30 June 2027; a 2026-27 publication counts until the end of
  // 30 June 2028, London time (23:00 UTC in summer).
  EXPECT_EQ(publication_valid_until("2027-06-30"), 1846018800);  // 2028-06-30T23:00:00Z
  const Publication p{Status::met, "2026-27", "2027-06-30", 1790000000};
  struct Case {
    const char* name;
    int64_t now;
    Status expected;
  };
  const Case cases[] = {
      {"the moment it is published", 1790000000, Status::met},
      {"one second before it was published", 1789999999, Status::not_published},
      {"last second of 30 June 2028 in London", 1846018799, Status::met},
      {"first second of 1 July 2028 in London", 1846018800, Status::not_published},
  };
  for (const auto& c : cases) EXPECT_EQ(current_status({p}, c.now).status, c.expected) << c.name;
}

TEST(Validity, NewestEditionAndLatestPublicationWin) {
  const std::vector<Publication> pubs = {
      {Status::not_met, "2025-26", "2026-06-30", 1760000000},
      {Status::met, "2026-27", "2027-06-30", 1790000000},
      {Status::approaching, "2026-27", "2027-06-30", 1785000000},
  };
  CurrentStatus s = current_status(pubs, kNow);
  EXPECT_EQ(s.status, Status::met);
  EXPECT_EQ(public_status_text(s), "26/27 Standards Met");
  // Before the 2026-27 publications, the 2025-26 one still counts.
  EXPECT_EQ(current_status(pubs, 1770000000).status, Status::not_met);
  EXPECT_EQ(public_status_text(current_status({}, kNow)), "Not Published");
  // Two publications in the same second: the later one (higher sequence) counts.
  const std::vector<Publication> same_second = {
      {Status::not_met, "2026-27", "2027-06-30", 1790000000, 7},
      {Status::met, "2026-27", "2027-06-30", 1790000000, 8}};
  EXPECT_EQ(current_status(same_second, kNow).status, Status::met);
}

}  // namespace
