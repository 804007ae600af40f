// The oversight dashboards on both databases. A generated sector (two regions, three ICSs,
// providers of every counted type and size, some outside any ICS or region, a support
// organisation with a portfolio) gets statuses in several editions through
// oversight::record_status and two real publications; then every dashboard figure of every
// area and edition is compared with a count written directly in SQL over the same tables.
// A property test makes random status records and organisation changes and checks the stored
// counters always equal a recount.
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "core/error.h"
#include "identity/service.h"
#include "identity/store/org_store.h"
#include "identity/store/people_store.h"
#include "oversight/area_org_cache.h"
#include "oversight/counter_cache.h"
#include "oversight/dashboard.h"
#include "oversight/dashboard_store.h"
#include "oversight/portfolio_cache.h"
#include "oversight/summary.h"
#include "store_fixture.h"
#include "toolkit/portfolio/progress.h"
#include "toolkit/scoring/london_time.h"
#include "toolkit/service.h"

namespace cg::test {
namespace {

using cg::store::Connection;
using cg::store::Value;
using oversight::AreaKind;
using oversight::StatusCounts;

constexpr int64_t kNow = 1795348800;  // 2026-11-22 12:00 UTC: the 2026-27 edition is open
constexpr const char* kToday = "2026-11-22";
const std::vector<std::string> kEditions = {"2023-24", "2024-25", "2025-26"};
const std::vector<std::string> kItems = {"1.1", "1.2", "2.1", "3.1", "3.2", "4.5", "7.4", "9.1"};
const std::vector<std::string> kStatuses = {"not_met", "approaching", "met", "exceeded"};
const std::vector<std::pair<std::string, int>> kTypes = {
    {"care_home", 5},   {"home_care", 4}, {"supported_living", 2}, {"other_social_care", 1},
    {"gp_practice", 2}, {"nhs_trust", 1}, {"pharmacy", 2},         {"local_authority", 1}};
const int kStaff[] = {0, 4, 9, 10, 30, 49, 50, 120, 249, 250, 900};

identity::Actor system_actor() {
  identity::Actor a;
  identity::Membership m;
  m.role = identity::Role::national_admin;
  a.memberships.push_back(m);
  return a;
}

std::string deadline_of(const std::string& edition) {
  return std::to_string(std::stoi(edition.substr(0, 4)) + 1) + "-06-30";
}

// ---------------------------------------------------------------------------------------------
// Independent counts, straight from organisations and org_status.

struct Area {
  AreaKind kind;
  int64_t id;  // 0 for the nation
  std::string condition() const {
    if (kind == AreaKind::region) return " AND o.region_id = " + std::to_string(id);
    if (kind == AreaKind::ics) return " AND o.ics_id = " + std::to_string(id);
    return "";
  }
};

constexpr const char* kCountedSql = "o.type NOT IN ('national', 'region', 'ics', 'support_org')";
constexpr const char* kGroupSql =
    "CASE WHEN o.type = 'care_home' THEN 'care_homes' WHEN o.type = 'home_care' THEN "
    "'home_care' WHEN o.type IN ('gp_practice', 'nhs_trust', 'pharmacy') THEN 'nhs' ELSE "
    "'other_social_care' END";
constexpr const char* kSizeSql =
    "CASE WHEN o.staff_count >= 250 THEN 'large' WHEN o.staff_count >= 50 THEN 'medium' WHEN "
    "o.staff_count >= 10 THEN 'small' ELSE 'micro' END";

// Organisations of the area at each status in the edition, by the group expression ("''" for
// the whole area); NULL groups come back as "".
std::map<std::string, StatusCounts> sql_counts(Connection& c, const Area& a,
                                               const std::string& edition,
                                               const std::string& group) {
  auto r = c.exec("SELECT COALESCE(CAST(" + group +
                      " AS TEXT), ''), COALESCE(s.status, 'not_published'), COUNT(*) FROM "
                      "organisations o LEFT JOIN org_status s ON s.org_id = o.id AND s.edition = "
                      "? WHERE " +
                      kCountedSql + a.condition() + " GROUP BY 1, 2",
                  {edition});
  std::map<std::string, StatusCounts> out;
  for (const auto& row : r.rows) {
    auto& s = out[row.text(0)];
    const int i = oversight::status_index(row.text(1));
    EXPECT_GE(i, 0) << row.text(1);
    if (i < 0) continue;
    s.counts[static_cast<size_t>(i)] += row.integer(2);
    s.total += row.integer(2);
  }
  return out;
}

int64_t sql_count(Connection& c, const std::string& sql, const std::vector<Value>& params = {}) {
  return c.exec(sql, params).one().integer(0);
}

// The newest record of each organisation of the area.
std::string newest_join(const Area& a) {
  return std::string(" FROM organisations o JOIN org_status s ON s.org_id = o.id WHERE ") +
         kCountedSql + a.condition() +
         " AND s.edition = (SELECT MAX(x.edition) FROM org_status x WHERE x.org_id = o.id)";
}

std::map<std::string, StatusCounts> as_map(const std::vector<oversight::Slice>& slices) {
  std::map<std::string, StatusCounts> out;
  for (const auto& s : slices) {
    EXPECT_EQ(out.count(s.value), 0u) << "slice listed twice: " << s.value;
    out[s.value] = s.counts;
  }
  return out;
}

std::map<std::string, StatusCounts> without_empty(std::map<std::string, StatusCounts> m) {
  for (auto it = m.begin(); it != m.end();)
    it = it->second.total == 0 ? m.erase(it) : std::next(it);
  return m;
}

std::string describe(const StatusCounts& s) {
  std::string out = "{";
  for (auto n : s.counts) out += std::to_string(n) + " ";
  return out + "of " + std::to_string(s.total) + "}";
}

void expect_same(const std::map<std::string, StatusCounts>& got,
                 const std::map<std::string, StatusCounts>& want, const std::string& what) {
  std::set<std::string> keys;
  for (const auto& [k, v] : got) keys.insert(k);
  for (const auto& [k, v] : want) keys.insert(k);
  for (const auto& k : keys) {
    auto g = got.find(k);
    auto w = want.find(k);
    const StatusCounts zero;
    const StatusCounts& gv = g == got.end() ? zero : g->second;
    const StatusCounts& wv = w == want.end() ? zero : w->second;
    EXPECT_TRUE(gv == wv) << what << " [" << k << "]: dashboard " << describe(gv) << ", SQL "
                          << describe(wv);
  }
}

// ---------------------------------------------------------------------------------------------

class DashboardStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    library = std::make_unique<toolkit::Library>(
        toolkit::Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks"));
    build_sector();
  }

  int64_t add(int64_t parent, const std::string& name, const std::string& type, int staff) {
    const std::string code = "T" + std::to_string(10000 + ++codes);
    // Providers belong in an ICS; those placed elsewhere (as an imported list may place them)
    // go straight into the store, past the rules of the service.
    if (parent == national || std::find(regions.begin(), regions.end(), parent) != regions.end())
      if (type != "national" && type != "region" && type != "ics" && type != "support_org" &&
          type != "supplier") {
        identity::Organisation o;
        o.parent_id = parent;
        o.type = *identity::org_type_from_string(type);
        o.name = name;
        o.ods_code = code;
        o.staff_count = staff;
        o.people_supported = 10;
        o.created_at = o.updated_at = kNow - 86400;
        db().transaction([&](Connection& c) { identity::store::insert_org(c, o); });
        return o.id;
      }
    return identity::create_org(db(), system_actor(), parent,
                                {name, type, code, "", std::to_string(staff), "10"}, kNow - 86400)
        .id;
  }

  void build_sector() {
    std::mt19937 rng(20261122);
    national = add(0, "National", "national", 40);
    regions = {add(national, "North", "region", 20), add(national, "South", "region", 20)};
    icss = {add(regions[0], "North ICS A", "ics", 10), add(regions[0], "North ICS B", "ics", 10),
            add(regions[1], "South ICS", "ics", 10)};
    support = add(regions[0], "Support North", "support_org", 5);
    // Providers in each ICS, directly under a region (no ICS) and under the nation (no region).
    const std::vector<int64_t> parents = {icss[0], icss[0],    icss[1], icss[2],
                                          icss[2], regions[1], national};
    int n = 0;
    for (int64_t parent : parents)
      for (const auto& [type, how_many] : kTypes)
        for (int i = 0; i < how_many; ++i) {
          if (rng() % 3 == 0) continue;
          const int staff = kStaff[rng() % std::size(kStaff)];
          providers.push_back(add(parent, type + " " + std::to_string(++n), type, staff));
        }
    // A site beneath a provider is counted too.
    providers.push_back(add(providers[0], "Site of the first", "care_home", 12));

    // Statuses in three past editions for most providers.
    for (int64_t org : providers)
      for (const auto& edition : kEditions) {
        if (rng() % 4 == 0) continue;
        oversight::StatusRecord s = random_record(rng, org, edition);
        db().transaction([&](Connection& c) { oversight::record_status(c, s, kNow - 3600); });
      }

    // A portfolio of providers, some published, some not.
    for (size_t i = 0; i < providers.size(); i += 3)
      db().transaction([&](Connection& c) {
        identity::store::add_to_portfolio(c, support, providers[i], kNow);
      });

    // Two real publications of the 2026-27 edition (Not Met, with a plan for every gap).
    for (size_t i : {size_t{0}, size_t{3}}) publish_not_met(providers[i]);

    // A provider grows into another size band after its statuses were recorded.
    auto o = db().read([&](Connection& c) { return *identity::store::find_org(c, providers[1]); });
    identity::update_org(
        db(), system_actor(), o.id,
        {"Grown provider", identity::to_string(o.type), o.ods_code, "", "400", "10"}, kNow);
  }

  oversight::StatusRecord random_record(std::mt19937& rng, int64_t org,
                                        const std::string& edition) {
    oversight::StatusRecord s;
    s.org_id = org;
    s.edition = edition;
    s.status = kStatuses[rng() % kStatuses.size()];
    s.published_on = std::to_string(std::stoi(edition.substr(0, 4)) + 1) + "-0" +
                     std::to_string(1 + rng() % 6) + "-15";
    // Mostly the rule's date; sometimes near today, so every expiry window has organisations.
    s.valid_until = toolkit::publication_valid_until(deadline_of(edition));
    if (rng() % 2 == 0)
      s.valid_until = toolkit::london_day_end_utc(
          oversight::add_days(kToday, static_cast<int>(rng() % 160) - 40));
    if (s.status != "met" && s.status != "exceeded") {
      for (const auto& item : kItems)
        if (rng() % 3 == 0) s.unmet_items.push_back(item);
      if (s.unmet_items.empty()) s.unmet_items.push_back(kItems[rng() % kItems.size()]);
      if (rng() % 4 != 0)
        s.plan_due_on = oversight::add_days(kToday, static_cast<int>(rng() % 120) - 60);
    }
    s.source = "import";
    return s;
  }

  void publish_not_met(int64_t org) {
    const std::string email = "lead" + std::to_string(org) + "@t.test";
    const int64_t lead =
        identity::ensure_person(db(), email, "Lead", "kettle orange bicycle", kNow);
    identity::grant_role(db(), 0, lead, org, identity::Role::org_lead, kNow);
    auto actor = db().read([&](Connection& c) { return identity::store::load_actor(c, lead); });
    const int64_t a = toolkit::start_assessment(db(), *library, actor, org, false, kNow);
    toolkit::save_answer(db(), *library, actor, org, a, "1.1", {"ZA123456"}, "", kNow);
    auto v = toolkit::load_assessment(db(), *library, actor, org, a, kNow);
    std::vector<toolkit::store::PlanRecord> plan;
    for (const auto& id : v.gaps.for_met) plan.push_back({id, "Fix it", "Lead", "2027-03-31"});
    toolkit::save_plan(db(), *library, actor, org, a, plan, kNow);
    auto result =
        toolkit::publish(db(), *library, actor, org, a, "kettle orange bicycle", "127.0.0.1", kNow);
    EXPECT_EQ(result.status, toolkit::Status::not_met);
  }

  std::vector<Area> areas() const {
    std::vector<Area> out{{AreaKind::nation, 0}};
    for (int64_t r : regions) out.push_back({AreaKind::region, r});
    for (int64_t i : icss) out.push_back({AreaKind::ics, i});
    return out;
  }

  std::unique_ptr<toolkit::Library> library;
  int codes = 0;
  int64_t national = 0, support = 0;
  std::vector<int64_t> regions, icss, providers;
};

TEST_F(DashboardStoreTest, EveryFigureOfEveryAreaMatchesSql) {
  std::vector<std::string> editions = kEditions;
  editions.push_back("2026-27");
  editions.push_back("2019-20");  // no statuses: everyone Not Published
  db().read([&](Connection& c) {
    for (const Area& a : areas()) {
      const auto counters = oversight::counters_of(c, a.id);
      const std::string where = "area " + std::to_string(a.id);
      // The editions offered are exactly those with a status in the area.
      std::vector<std::string> want_editions;
      for (const auto& r :
           c.exec(std::string("SELECT DISTINCT s.edition FROM organisations o JOIN org_status s "
                              "ON s.org_id = o.id WHERE ") +
                  kCountedSql + a.condition() + " ORDER BY s.edition DESC")
               .rows)
        want_editions.push_back(r.text(0));
      EXPECT_EQ(oversight::editions_in(counters), want_editions) << where;

      for (const auto& edition : editions) {
        const std::string what = where + " " + edition;
        auto f = oversight::area_figures(counters, a.kind, edition, kToday, 1000);
        const auto overall = sql_counts(c, a, edition, "''");
        expect_same({{"", f.overall}}, overall, what + " overall");
        expect_same(as_map(f.by_group), sql_counts(c, a, edition, kGroupSql), what + " by group");
        expect_same(as_map(f.by_type), sql_counts(c, a, edition, "o.type"), what + " by type");
        expect_same(without_empty(as_map(f.by_size)), sql_counts(c, a, edition, kSizeSql),
                    what + " by size");
        if (a.kind == AreaKind::nation)
          expect_same(as_map(f.by_region), sql_counts(c, a, edition, "o.region_id"),
                      what + " by region");
        else
          EXPECT_TRUE(f.by_region.empty()) << what;
        if (a.kind != AreaKind::ics)
          expect_same(as_map(f.by_ics), sql_counts(c, a, edition, "o.ics_id"), what + " by ICS");
        else
          EXPECT_TRUE(f.by_ics.empty()) << what;

        // Every mandatory item unmet, with its count of organisations.
        std::map<std::string, int64_t> want_items, got_items;
        std::set<std::string> item_ids(kItems.begin(), kItems.end());
        for (const auto& id : library->find(toolkit::kToolkitId, "2026-27")->all_items())
          item_ids.insert(id->id);
        for (const auto& item : item_ids) {
          const int64_t n = sql_count(
              c,
              std::string("SELECT COUNT(*) FROM organisations o JOIN org_status s ON s.org_id = "
                          "o.id WHERE ") +
                  kCountedSql + a.condition() +
                  " AND s.edition = ? AND ',' || s.unmet_items || ',' LIKE ?",
              {edition, "%," + item + ",%"});
          if (n > 0) want_items[item] = n;
        }
        for (const auto& i : f.unmet_items) got_items[i.item_id] = i.count;
        EXPECT_EQ(got_items, want_items) << what;
        for (size_t i = 1; i < f.unmet_items.size(); ++i)
          EXPECT_GE(f.unmet_items[i - 1].count, f.unmet_items[i].count) << what;
      }

      // The trend is every edition with a status, oldest first, as counted for each edition.
      auto t = oversight::trend(counters);
      ASSERT_EQ(t.size(), want_editions.size()) << where;
      for (size_t i = 0; i < t.size(); ++i) {
        EXPECT_EQ(t[i].edition, want_editions[want_editions.size() - 1 - i]);
        expect_same({{"", t[i].counts}}, sql_counts(c, a, t[i].edition, "''"),
                    where + " trend " + t[i].edition);
      }

      // Expiry windows and overdue plans, from each organisation's newest record.
      auto f = oversight::area_figures(counters, a.kind, "2025-26", kToday);
      const int64_t today_starts = toolkit::london_day_end_utc(oversight::add_days(kToday, -1));
      auto within = [&](int days) {
        return sql_count(
            c, "SELECT COUNT(*)" + newest_join(a) + " AND s.valid_until > ? AND s.valid_until <= ?",
            {today_starts, toolkit::london_day_end_utc(oversight::add_days(kToday, days - 1))});
      };
      EXPECT_EQ(f.expiry.within_30, within(30)) << where;
      EXPECT_EQ(f.expiry.within_60, within(60)) << where;
      EXPECT_EQ(f.expiry.within_90, within(90)) << where;
      EXPECT_EQ(f.expiry.expired,
                sql_count(c, "SELECT COUNT(*)" + newest_join(a) + " AND s.valid_until <= ?",
                          {today_starts}))
          << where;
      EXPECT_EQ(f.plans_overdue,
                sql_count(c,
                          "SELECT COUNT(*)" + newest_join(a) +
                              " AND s.status IN ('not_met', 'approaching') AND s.plan_due_on <> "
                              "'' AND s.plan_due_on < ?",
                          {std::string(kToday)}))
          << where;
    }
  });
}

TEST_F(DashboardStoreTest, TheDatasetCoversWhatTheFiguresDistinguish) {
  // Guards against a generator change that would make the comparison above trivial.
  db().read([&](Connection& c) {
    auto f =
        oversight::area_figures(oversight::counters_of(c, 0), AreaKind::nation, "2025-26", kToday);
    for (size_t i = 0; i < oversight::kStatusCount; ++i) EXPECT_GT(f.overall.counts[i], 0) << i;
    EXPECT_GT(f.expiry.within_30, 0);
    EXPECT_GT(f.expiry.within_90, f.expiry.within_30);
    EXPECT_GT(f.expiry.expired, 0);
    EXPECT_GT(f.plans_overdue, 0);
    EXPECT_GE(f.unmet_items.size(), 5u);
    EXPECT_EQ(f.by_region.back().value, "");  // some outside any region
    EXPECT_EQ(f.by_ics.back().value, "");     // and outside any ICS
    auto current =
        oversight::area_figures(oversight::counters_of(c, 0), AreaKind::nation, "2026-27", kToday);
    EXPECT_EQ(current.overall.of("not_met"), 2);  // the two publications
  });
}

TEST_F(DashboardStoreTest, OrganisationTableFiltersSortsAndPagesLikeSql) {
  db().read([&](Connection& c) {
    for (const Area& a : areas()) {
      if (a.kind == AreaKind::nation) continue;
      for (const std::string edition : {"2025-26", "2026-27"}) {
        // By name, every page: the pages put together are the whole list in SQL's order.
        std::vector<int64_t> want;
        for (const auto& r : c.exec(std::string("SELECT o.id FROM organisations o WHERE ") +
                                    kCountedSql + a.condition() + " ORDER BY o.name, o.id")
                                 .rows)
          want.push_back(r.integer(0));
        std::vector<int64_t> got;
        oversight::OrgTableQuery q;
        q.kind = a.kind;
        q.area_id = a.id;
        q.edition = edition;
        q.page_size = 4;
        auto first = oversight::org_table(c, q);
        EXPECT_EQ(first.total, static_cast<int64_t>(want.size()));
        EXPECT_EQ(first.pages, (first.total + 3) / 4);
        for (q.page = 1; q.page <= first.pages; ++q.page)
          for (const auto& r : oversight::org_table(c, q).rows) got.push_back(r.id);
        EXPECT_EQ(got, want) << a.id << " " << edition;
        q.page = first.pages + 1;
        EXPECT_TRUE(oversight::org_table(c, q).rows.empty());

        // Each status, type and size filter matches a count in SQL.
        q.page = 1;
        q.page_size = 0;
        for (const char* status : oversight::kDashboardStatuses) {
          q.status = status;
          auto t = oversight::org_table(c, q);
          const int64_t want_n =
              std::string(status) == "not_published"
                  ? sql_count(c,
                              std::string("SELECT COUNT(*) FROM organisations o WHERE ") +
                                  kCountedSql + a.condition() +
                                  " AND NOT EXISTS (SELECT 1 FROM org_status s WHERE s.org_id = "
                                  "o.id AND s.edition = ?)",
                              {edition})
                  : sql_count(c,
                              std::string("SELECT COUNT(*) FROM organisations o JOIN org_status "
                                          "s ON s.org_id = o.id WHERE ") +
                                  kCountedSql + a.condition() +
                                  " AND s.edition = ? AND s.status = ?",
                              {edition, std::string(status)});
          EXPECT_EQ(t.total, want_n) << a.id << " " << edition << " " << status;
          EXPECT_EQ(static_cast<int64_t>(t.rows.size()), want_n);
          for (const auto& r : t.rows) EXPECT_EQ(r.status, status);
        }
        q.status.clear();
        for (const auto& [type, n] : kTypes) {
          q.type = type;
          EXPECT_EQ(oversight::org_table(c, q).total,
                    sql_count(c,
                              std::string("SELECT COUNT(*) FROM organisations o WHERE ") +
                                  kCountedSql + a.condition() + " AND o.type = ?",
                              {type}));
        }
        q.type.clear();
        for (const char* band : oversight::kSizeBands) {
          q.size = band;
          auto t = oversight::org_table(c, q);
          EXPECT_EQ(t.total,
                    sql_count(c,
                              std::string("SELECT COUNT(*) FROM organisations o WHERE ") +
                                  kCountedSql + a.condition() + " AND " + kSizeSql + " = ?",
                              {std::string(band)}));
          for (const auto& r : t.rows) EXPECT_STREQ(oversight::size_band(r.staff_count), band);
        }
        q.size.clear();
        q.name = "CARE_HOME";  // case-insensitive; '_' is a letter here, not a wildcard
        for (const auto& r : oversight::org_table(c, q).rows)
          EXPECT_NE(r.name.find("care_home"), std::string::npos) << r.name;
        EXPECT_EQ(
            oversight::org_table(c, q).total,
            sql_count(c, std::string("SELECT COUNT(*) FROM organisations o WHERE ") + kCountedSql +
                             a.condition() + " AND o.name LIKE 'care!_home%' ESCAPE '!'"));
        q.name = "%";
        EXPECT_EQ(oversight::org_table(c, q).total, 0);
        q.name.clear();

        // Every sort, both ways, is a total order consistent with its key.
        for (const char* sort : oversight::kOrgTableSorts)
          for (bool desc : {false, true}) {
            q.sort = sort;
            q.descending = desc;
            auto t = oversight::org_table(c, q);
            EXPECT_EQ(static_cast<size_t>(t.total), want.size());
            for (size_t i = 1; i < t.rows.size(); ++i) {
              const auto& x = t.rows[i - 1];
              const auto& y = t.rows[i];
              auto key = [&](const oversight::OrgTableRow& r) -> std::string {
                const std::string s = sort;
                if (s == "size") return std::to_string(1000000 + r.staff_count);
                if (s == "type") return r.type;
                if (s == "status") return std::to_string(oversight::status_index(r.status));
                if (s == "published") return r.published_on;
                if (s == "expires") return std::to_string(r.valid_until);
                return "";
              };
              if (std::string(sort) != "name") {
                EXPECT_TRUE(desc ? key(x) >= key(y) : key(x) <= key(y))
                    << sort << " " << x.name << " / " << y.name;
              }
            }
          }
        q.sort = "name";
        q.descending = false;
      }
    }
  });
}

TEST_F(DashboardStoreTest, PortfolioFactsMatchTheAssessments) {
  const auto* edition = toolkit::current_edition(*library, kNow);
  ASSERT_NE(edition, nullptr);
  auto facts =
      db().read([&](Connection& c) { return oversight::portfolio_facts(c, support, edition); });
  auto members = db().read([&](Connection& c) {
    return c.exec("SELECT COUNT(*) FROM portfolio WHERE support_org_id = ?", {support})
        .one()
        .integer(0);
  });
  ASSERT_EQ(static_cast<int64_t>(facts.size()), members);
  int started = 0;
  for (const auto& f : facts) {
    // Statuses as stored, newest first.
    auto statuses = db().read([&](Connection& c) { return oversight::statuses_of(c, f.org.id); });
    ASSERT_EQ(f.statuses.size(), statuses.size()) << f.org.name;
    for (size_t i = 0; i < statuses.size(); ++i) {
      EXPECT_EQ(f.statuses[i].edition, statuses[i].edition);
      EXPECT_EQ(f.statuses[i].status, statuses[i].status);
      EXPECT_EQ(f.statuses[i].valid_until, statuses[i].valid_until);
      EXPECT_EQ(f.statuses[i].unmet_items, statuses[i].unmet_items);
    }
    auto assessments = db().read([&](Connection& c) {
      return c.exec("SELECT id, updated_at FROM assessments WHERE org_id = ? AND edition = ?",
                    {f.org.id, edition->edition});
    });
    EXPECT_EQ(f.started, !assessments.empty()) << f.org.name;
    if (!f.started) continue;
    ++started;
    EXPECT_EQ(f.last_activity, assessments.rows[0].integer(1));
    // Answered mandatory items, as the task list sees them.
    auto v = toolkit::load_assessment(db(), *library, system_actor(), f.org.id,
                                      assessments.rows[0].integer(0), kNow);
    oversight::Share approaching, met;
    for (const auto& g : v.groups)
      for (const auto& i : g.items) {
        if (!i.applies || i.item->mandatory == toolkit::Mandatory::none) continue;
        const bool done = i.answered && !i.carried_over;
        if (i.item->mandatory == toolkit::Mandatory::approaching) {
          ++approaching.whole;
          approaching.part += done;
        }
        ++met.whole;
        met.part += done;
      }
    EXPECT_EQ(f.approaching_answered.part, approaching.part);
    EXPECT_EQ(f.approaching_answered.whole, approaching.whole);
    EXPECT_EQ(f.met_answered.part, met.part);
    EXPECT_EQ(f.met_answered.whole, met.whole);
    EXPECT_GT(f.met_answered.whole, f.approaching_answered.whole);
    // Its status now is the publication's.
    auto summary = oversight::summarise_provider(f, kNow);
    EXPECT_EQ(summary.status,
              toolkit::to_string(toolkit::organisation_status(db(), f.org.id, kNow).status));
  }
  EXPECT_GE(started, 2);  // the two publications are in the portfolio
}

TEST_F(DashboardStoreTest, CountersAlwaysEqualARecount) {
  std::mt19937 rng(7);
  // A second server's cache, on its own handle: it must always hand back what is stored now.
  auto other = open_another();
  oversight::CounterCache cache;
  auto check = [&](const std::string& after) {
    for (int64_t area : {int64_t{0}, regions[0], regions[1], icss[0], icss[1], icss[2]}) {
      const auto cached = other->read([&](Connection& c) { return cache.get(c, area); });
      EXPECT_EQ(*cached, db().read([&](Connection& c) { return oversight::counters_of(c, area); }))
          << after << ": the cached counters of area " << area << " are stale";
    }
    auto [stored, counted] = db().read([&](Connection& c) {
      return std::make_pair(oversight::all_counters(c), oversight::recount(c));
    });
    ASSERT_EQ(stored.size(), counted.size()) << after;
    for (size_t i = 0; i < stored.size(); ++i)
      ASSERT_TRUE(stored[i] == counted[i])
          << after << ": stored " << stored[i].area_id << "/" << stored[i].edition << "/"
          << stored[i].dimension << "/" << stored[i].value << "/" << stored[i].status << " = "
          << stored[i].count << ", recount " << counted[i].area_id << "/" << counted[i].edition
          << "/" << counted[i].dimension << "/" << counted[i].value << "/" << counted[i].status
          << " = " << counted[i].count;
  };
  check("building the sector");
  const std::vector<std::string> editions = {"2021-22", "2022-23", "2023-24",
                                             "2024-25", "2025-26", "2026-27"};
  const std::vector<int64_t> parents = {icss[0],    icss[1],  icss[2],     regions[0],
                                        regions[1], national, providers[2]};
  for (int step = 0; step < 120; ++step) {
    const int what = static_cast<int>(rng() % 10);
    std::string did;
    if (what < 6) {
      // A status recorded, replaced or repeated unchanged.
      const int64_t org = providers[rng() % providers.size()];
      auto s = random_record(rng, org, editions[rng() % editions.size()]);
      bool changed = false;
      db().transaction([&](Connection& c) { changed = oversight::record_status(c, s, kNow); });
      if (rng() % 3 == 0) {
        bool again = true;
        db().transaction([&](Connection& c) { again = oversight::record_status(c, s, kNow); });
        EXPECT_FALSE(again) << "recording the same status twice changed something";
      }
      did = "record_status " + s.edition + " " + s.status + (changed ? "" : " (unchanged)");
    } else if (what < 8) {
      // An organisation changes size (and name).
      const int64_t org = providers[rng() % providers.size()];
      auto o = db().read([&](Connection& c) { return *identity::store::find_org(c, org); });
      const int staff = kStaff[rng() % std::size(kStaff)];
      identity::update_org(db(), system_actor(), org,
                           {"Changed " + std::to_string(step), identity::to_string(o.type),
                            o.ods_code, "", std::to_string(staff), "10"},
                           kNow);
      did = "update_org staff " + std::to_string(staff);
    } else if (what < 9) {
      // A new organisation somewhere in the tree.
      const auto& [type, n] = kTypes[rng() % kTypes.size()];
      providers.push_back(add(parents[rng() % parents.size()], "New " + type, type,
                              kStaff[rng() % std::size(kStaff)]));
      did = "create_org " + type;
    } else {
      // An organisation that is not counted, and a portfolio change: no counter moves.
      add(regions[rng() % regions.size()], "Another support", "support_org", 3);
      db().transaction([&](Connection& c) {
        identity::store::add_to_portfolio(c, support, providers[rng() % providers.size()], kNow);
      });
      did = "support organisation";
    }
    if (step % 5 == 4 || what >= 6) check("step " + std::to_string(step) + ": " + did);
    if (::testing::Test::HasFatalFailure()) return;
  }
  check("the end");
  // Nothing changed: the cache reads no counters again.
  const auto first = other->read([&](Connection& c) { return cache.get(c, 0); });
  EXPECT_EQ(other->read([&](Connection& c) { return cache.get(c, 0); }), first);
  // A rebuild from scratch changes nothing.
  auto before = db().read([&](Connection& c) { return oversight::all_counters(c); });
  db().transaction([&](Connection& c) { oversight::rebuild(c); });
  EXPECT_EQ(db().read([&](Connection& c) { return oversight::all_counters(c); }), before);
  // ... but the cache cannot know that without reading them again.
  EXPECT_NE(other->read([&](Connection& c) { return cache.get(c, 0); }), first);
}

// ---------------------------------------------------------------------------------------------
// Kept views (migration 0010): a second server keeps its support organisation's portfolio; after
// every kind of change made through the first, what it hands back must equal what is stored.

struct ProviderLine {
  int64_t id;
  std::string name, status, expires_on;
  std::vector<std::string> help;
  int64_t approaching, met, whole, last_activity;
  bool operator==(const ProviderLine&) const = default;
};

std::vector<ProviderLine> lines(const oversight::PortfolioSnapshot& s) {
  std::vector<ProviderLine> out;
  for (const auto& e : s.entries)
    out.push_back({e.facts.org.id, e.facts.org.name, e.summary.status, e.summary.expires_on,
                   e.summary.help, e.facts.approaching_answered.part, e.facts.met_answered.part,
                   e.facts.met_answered.whole, e.facts.last_activity});
  return out;
}

TEST_F(DashboardStoreTest, KeptPortfoliosFollowEveryChange) {
  const auto* edition = toolkit::current_edition(*library, kNow);
  ASSERT_NE(edition, nullptr);
  auto other = open_another();
  oversight::PortfolioCache cache;
  auto versions = [&] {
    return db().read([&](Connection& c) { return oversight::portfolio_versions(c, support); });
  };
  auto check = [&](const std::string& after) {
    const auto kept =
        other->read([&](Connection& c) { return cache.get(c, support, edition, kNow); });
    const auto fresh = db().read([&](Connection& c) {
      return oversight::summarise_portfolio(oversight::portfolio_facts(c, support, edition), kNow);
    });
    EXPECT_EQ(lines(*kept), lines(fresh)) << after << ": the kept portfolio is stale";
  };
  check("building the sector");
  check("asking again");

  auto members = db().read([&](Connection& c) {
    std::vector<int64_t> ids;
    for (const auto& r :
         c.exec("SELECT provider_id FROM portfolio WHERE support_org_id = ? ORDER BY 1", {support})
             .rows)
      ids.push_back(r.integer(0));
    return ids;
  });
  ASSERT_GE(members.size(), 3u);
  int64_t outsider = 0;
  for (int64_t p : providers)
    if (!std::binary_search(members.begin(), members.end(), p)) outsider = p;
  ASSERT_NE(outsider, 0);

  // An answer saved by a provider in the portfolio moves the portfolio's version ...
  const int64_t member = providers[0];  // published Not Met in build_sector: in the portfolio
  auto before = versions();
  const std::string email = "lead" + std::to_string(member) + "@t.test";
  auto lead = db().read([&](Connection& c) {
    return identity::store::load_actor(
        c, c.exec("SELECT id FROM people WHERE email = ?", {email}).one().integer(0));
  });
  const int64_t a = db().read([&](Connection& c) {
    return c
        .exec("SELECT id FROM assessments WHERE org_id = ? AND edition = ?",
              {member, edition->edition})
        .one()
        .integer(0);
  });
  toolkit::save_answer(db(), *library, lead, member, a, "1.2", {"yes"}, "", kNow + 60);
  EXPECT_GT(versions().portfolio, before.portfolio);
  EXPECT_EQ(versions().oversight, before.oversight) << "an answer is not a status";
  check("an answer saved");

  // ... one saved by a provider outside it does not.
  before = versions();
  publish_not_met(outsider);
  EXPECT_EQ(versions().portfolio, before.portfolio);
  EXPECT_GT(versions().oversight, before.oversight) << "a publication records a status";
  check("a publication outside the portfolio");

  // A rename moves no counter, but the portfolio shows names.
  before = versions();
  auto o = db().read([&](Connection& c) { return *identity::store::find_org(c, members[1]); });
  identity::update_org(
      db(), system_actor(), o.id,
      {"Renamed provider", identity::to_string(o.type), o.ods_code, "", "30", "10"}, kNow);
  EXPECT_GT(versions().oversight, before.oversight);
  check("a rename");

  // A status recorded from an import, and a provider joining and leaving the portfolio.
  oversight::StatusRecord s;
  s.org_id = members[2];
  s.edition = "2026-27";
  s.status = "met";
  s.published_on = kToday;
  s.valid_until = toolkit::publication_valid_until("2027-06-30");
  s.source = "import";
  db().transaction([&](Connection& c) { oversight::record_status(c, s, kNow); });
  check("an imported status");
  before = versions();
  db().transaction(
      [&](Connection& c) { identity::store::add_to_portfolio(c, support, outsider, kNow); });
  EXPECT_GT(versions().portfolio, before.portfolio);
  check("a provider added");
  db().transaction(
      [&](Connection& c) { identity::store::remove_from_portfolio(c, support, outsider); });
  check("a provider removed");

  // Columns no dashboard shows move nothing.
  before = versions();
  db().transaction([&](Connection& c) {
    c.exec(
        "UPDATE organisations SET people_supported = people_supported + 1, updated_at = ? "
        "WHERE id = ?",
        {kNow, members[0]});
  });
  EXPECT_EQ(versions().oversight, before.oversight);
  EXPECT_EQ(versions().portfolio, before.portfolio);
}

// Dashboards find their organisation in memory under oversight_version; any change to what is
// kept, made by another server straight in the database, must show on the next request that
// reads the version again.
TEST_F(DashboardStoreTest, KeptAreaOrganisationsFollowEveryChange) {
  auto other = open_another();
  oversight::AreaOrgCache cache;
  auto version = [&] {
    return db().read([](Connection& c) { return oversight::oversight_version(c); });
  };
  auto kept = [&](int64_t id) { return cache.get(*other, id, version()); };
  auto fresh = [&](int64_t id) {
    return db().read([&](Connection& c) { return identity::store::find_org(c, id); });
  };
  auto same = [&](int64_t id, const std::string& after) {
    auto a = kept(id), b = fresh(id);
    ASSERT_TRUE(a && b) << after;
    EXPECT_EQ(a->name, b->name) << after;
    EXPECT_EQ(a->path, b->path) << after;
    EXPECT_EQ(a->parent_id, b->parent_id) << after;
    EXPECT_EQ(a->type, b->type) << after;
    EXPECT_EQ(a->ods_code, b->ods_code) << after;
    EXPECT_EQ(a->region_id, b->region_id) << after;
    EXPECT_EQ(a->staff_count, b->staff_count) << after;
    // Not followed by the version, so not kept; read each time for what is not kept.
    EXPECT_EQ(a->people_supported, oversight::has_dashboard(b->type) ? 0 : b->people_supported)
        << after;
  };
  for (int64_t id : {national, regions[0], regions[1], icss[0], icss[2], support})
    same(id, "first read");
  EXPECT_EQ(cache.size(), 6u);
  same(regions[0], "read again");

  auto change = [&](const std::string& sql, std::vector<Value> params) {
    const int64_t before = version();
    db().transaction([&](Connection& c) { c.exec(sql, params); });
    EXPECT_GT(version(), before) << sql;
  };
  change("UPDATE organisations SET name = ? WHERE id = ?", {"North Renamed", regions[0]});
  same(regions[0], "a rename");
  EXPECT_EQ(kept(regions[0])->name, "North Renamed");
  change("UPDATE organisations SET ods_code = ?, staff_count = ? WHERE id = ?",
         {"Y99", 33, icss[2]});
  same(icss[2], "new code and staff");
  // Moved under the other region: its path, and so who may see it, follows.
  const std::string path = "/" + std::to_string(national) + "/" + std::to_string(regions[1]) + "/" +
                           std::to_string(icss[0]) + "/";
  change("UPDATE organisations SET parent_id = ?, path = ?, region_id = ? WHERE id = ?",
         {regions[1], path, regions[1], icss[0]});
  same(icss[0], "a move");
  EXPECT_EQ(kept(icss[0])->path, path);

  // Providers and ids with no organisation are read each time and never kept.
  ASSERT_FALSE(providers.empty());
  same(providers[0], "a provider");
  change("UPDATE organisations SET name = ? WHERE id = ?", {"Renamed provider", providers[0]});
  same(providers[0], "a renamed provider");
  EXPECT_FALSE(kept(987654321));
  EXPECT_EQ(cache.size(), 6u);

  // An older version asked for late does not replace what a newer one kept. (The newer one is
  // a version the database has not reached, so what is kept under it is told apart by its
  // name: the database has moved on.)
  const int64_t ahead = version() + 100;
  EXPECT_EQ(cache.get(*other, regions[1], ahead)->name, "South");
  change("UPDATE organisations SET name = ? WHERE id = ?", {"South Renamed", regions[1]});
  EXPECT_EQ(cache.get(*other, regions[1], ahead)->name, "South") << "kept under its version";
  EXPECT_EQ(cache.get(*other, regions[1], version())->name, "South Renamed") << "read again";
  EXPECT_EQ(cache.get(*other, regions[1], ahead)->name, "South") << "not replaced by older";
}

// Every signed-in request reads oversight_version with its session (one round trip for both).
TEST_F(DashboardStoreTest, TheSessionReadsTheOversightVersion) {
  const std::string hash = "session-hash-for-the-version";
  db().transaction([&](Connection& c) {
    identity::store::SessionRecord s;
    s.id_hash = hash;
    s.person_id = c.exec("SELECT id FROM people ORDER BY id LIMIT 1").one().integer(0);
    s.stage = "full";
    s.created_at = s.last_seen_at = s.reauthenticated_at = kNow;
    identity::store::insert_session(c, s, "127.0.0.1", "test");
  });
  auto read = [&] {
    return db().read([&](Connection& c) {
      return std::make_pair(identity::store::load_session_actor(c, hash)->oversight_version,
                            oversight::oversight_version(c));
    });
  };
  auto [with_session, alone] = read();
  EXPECT_EQ(with_session, alone);
  EXPECT_GT(alone, 0) << "building the sector moved it";
  db().transaction([&](Connection& c) {
    c.exec("UPDATE organisations SET name = 'North again' WHERE id = ?", {regions[0]});
  });
  auto [after, after_alone] = read();
  EXPECT_GT(after, with_session);
  EXPECT_EQ(after, after_alone);
}

}  // namespace
}  // namespace cg::test
