// Importing published status lists and the public status search, on both databases: a
// well-formed file creates organisations and statuses, the same file again changes nothing,
// changes and moves are applied with the counters kept in step, broken files and rows are
// reported and change nothing of their own, and the search and download read it all back.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "core/error.h"
#include "identity/service.h"
#include "identity/store/audit_store.h"
#include "identity/store/org_store.h"
#include "oversight/import/importer.h"
#include "oversight/name_index_cache.h"
#include "oversight/public_status.h"
#include "oversight/status_search_store.h"
#include "oversight/summary.h"
#include "store/statement_cache.h"
#include "store_fixture.h"

namespace cg::test {
namespace {

using cg::store::Connection;
using identity::OrgType;
namespace imp = cg::oversight::import;
namespace ids = cg::identity::store;

constexpr int64_t kNow = 1795348800;  // 2026-11-22 12:00 UTC

std::string data_file(const std::string& name) {
  std::ifstream in(std::string(CAREGUARD_SOURCE_DIR) + "/tests/data/status_lists/" + name,
                   std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

identity::Actor national_admin() {
  identity::Actor a;
  identity::Membership m;
  m.role = identity::Role::national_admin;
  a.memberships.push_back(m);
  return a;
}

class OversightImportTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    national_ = add(0, "National team", "national", "X26");
    region_ = add(national_, "North West", "region", "Y62");
    cheshire_ = add(region_, "Cheshire and Merseyside", "ics", "QYG");
    manchester_ = add(region_, "Greater Manchester", "ics", "QOP");
  }
  int64_t add(int64_t parent, const std::string& name, const std::string& type,
              const std::string& ods) {
    return identity::create_org(db(), national_admin(), parent, {name, type, ods, "", "10", "0"},
                                kNow)
        .id;
  }
  imp::ImportSummary import(const std::string& text, int64_t now = kNow) {
    imp::ImportOptions o;
    o.source_name = "test.csv";
    return imp::import_status_list(db(), national_admin(), text, o, now);
  }
  std::optional<identity::Organisation> org(const std::string& code) {
    return db().read([&](Connection& c) { return ids::find_org_by_code(c, code); });
  }
  std::vector<oversight::StatusRecord> statuses(int64_t org_id) {
    return db().read([&](Connection& c) { return oversight::statuses_of(c, org_id); });
  }
  void expect_counters_agree() {
    db().read([&](Connection& c) { EXPECT_EQ(oversight::all_counters(c), oversight::recount(c)); });
  }
  // The page found in SQL, checked against the page found through a kept index, which must
  // follow every change made since it was read: new organisations, renames, codes.
  oversight::search::HitPage search(Connection& c, const std::string& q, int page, int per_page) {
    auto in_sql = oversight::search::search_statuses(c, q, page, per_page, kNow);
    auto kept = oversight::search::search_kept(c, names_, q, page, per_page, kNow);
    EXPECT_TRUE(kept.has_value()) << q;
    if (kept) {
      EXPECT_EQ(described(*kept), described(in_sql)) << q << " page " << page;
      EXPECT_EQ(kept->more, in_sql.more) << q << " page " << page;
    }
    return in_sql;
  }
  static std::vector<std::string> described(const oversight::search::HitPage& p) {
    std::vector<std::string> out;
    for (const auto& h : p.items)
      out.push_back(std::to_string(h.id) + "|" + h.name + "|" + h.ods_code + "|" +
                    h.cqc_location_id + "|" + identity::to_string(h.type) + "|" + h.board + "|" +
                    h.edition + "|" + h.status + "|" + h.published_on);
    return out;
  }
  int64_t count(const std::string& sql) {
    return db().read([&](Connection& c) { return c.exec(sql).one().integer(0); });
  }
  std::vector<identity::AuditEntry> imports_audited() {
    auto all = db().read([](Connection& c) { return ids::all_audit_entries(c); });
    std::vector<identity::AuditEntry> out;
    for (auto& e : all)
      if (e.action == "statuses.import") out.push_back(e);
    return out;
  }

  oversight::NameIndexCache names_;
  int64_t national_ = 0, region_ = 0, cheshire_ = 0, manchester_ = 0;
};

TEST_F(OversightImportTest, WellFormedFileCreatesOrganisationsAndStatuses) {
  auto s = import(data_file("well_formed.csv"));
  EXPECT_EQ(s.rows, 6);
  EXPECT_EQ(s.created, 6);
  EXPECT_EQ(s.updated, 0);
  EXPECT_EQ(s.unchanged, 0);
  EXPECT_EQ(s.skipped, 0);
  EXPECT_TRUE(s.problems.empty());

  auto oak = org("VNA01");
  ASSERT_TRUE(oak);
  EXPECT_EQ(oak->name, "Oak House Care Home, Chester");
  EXPECT_EQ(oak->type, OrgType::care_home);
  EXPECT_EQ(oak->parent_id, cheshire_);
  EXPECT_EQ(oak->ics_id, cheshire_);
  EXPECT_EQ(oak->region_id, region_);
  auto oak_status = statuses(oak->id);
  ASSERT_EQ(oak_status.size(), 1u);
  EXPECT_EQ(oak_status[0].edition, "2025-26");
  EXPECT_EQ(oak_status[0].status, "met");
  EXPECT_EQ(oak_status[0].published_on, "2026-03-14");
  EXPECT_EQ(oak_status[0].source, "import");
  // 2025-26 counts until the end of 30 June 2027 (London, so 23:00 UTC).
  EXPECT_EQ(oak_status[0].valid_until, 1814396400);

  EXPECT_EQ(org("VNA02")->type, OrgType::home_care);  // board written "NHS ... & ... ICB"
  EXPECT_EQ(org("VNA02")->ics_id, cheshire_);
  EXPECT_EQ(statuses(org("VNA02")->id)[0].status, "exceeded");
  EXPECT_EQ(statuses(org("VNA04")->id)[0].edition, "2024-25");
  EXPECT_TRUE(statuses(org("VNA05")->id).empty());  // Not Published records nothing
  EXPECT_EQ(org("P1A2B")->name, "The \"Willow\" Pharmacy");
  EXPECT_EQ(org("P1A2B")->type, OrgType::pharmacy);
  expect_counters_agree();

  auto audited = imports_audited();
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0].org_id, national_);
  EXPECT_NE(audited[0].summary.find("\"created\":6"), std::string::npos) << audited[0].summary;
}

TEST_F(OversightImportTest, ImportingTheSameFileTwiceChangesNothing) {
  const std::string file = data_file("well_formed.csv");
  import(file);
  auto counters = db().read([](Connection& c) { return oversight::all_counters(c); });
  const int64_t orgs = count("SELECT COUNT(*) FROM organisations");
  const int64_t stamp = count("SELECT SUM(updated_at) FROM org_status");
  auto again = import(file, kNow + 3600);
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(again.unchanged, 6);
  EXPECT_EQ(again.skipped, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM organisations"), orgs);
  EXPECT_EQ(count("SELECT SUM(updated_at) FROM org_status"), stamp);
  EXPECT_EQ(db().read([](Connection& c) { return oversight::all_counters(c); }), counters);
  EXPECT_EQ(imports_audited().size(), 2u);
}

TEST_F(OversightImportTest, ChangesRenameMoveAndReplaceStatuses) {
  import(data_file("well_formed.csv"));
  const std::string header =
      "code,organisation name,status,date of publication,primary sector,integrated care board\n";
  auto s = import(header +
                  "VNA01,Oak House,25/26 Standards Met,14/03/2026,Care Home,"
                  "NHS Greater Manchester Integrated Care Board\n"
                  "VNA02,Elm Lodge Home Care,26/27 Standards Met,01/11/2026,Home Care,\n"
                  "VNA03,Birch Supported Living,25/26 Approaching Standards,30/06/2026,"
                  "Supported Living,NHS Cheshire and Merseyside Integrated Care Board\n");
  EXPECT_EQ(s.created, 0);
  EXPECT_EQ(s.updated, 2);
  EXPECT_EQ(s.unchanged, 1);
  auto oak = org("VNA01");
  EXPECT_EQ(oak->name, "Oak House");
  EXPECT_EQ(oak->ics_id, manchester_);
  EXPECT_EQ(oak->parent_id, manchester_);
  EXPECT_EQ(oak->path.rfind(org("QOP")->path, 0), 0u) << oak->path;
  auto elm = statuses(org("VNA02")->id);
  ASSERT_EQ(elm.size(), 2u);  // a new edition joins the old one
  EXPECT_EQ(elm[0].edition, "2026-27");
  EXPECT_EQ(org("VNA02")->ics_id, cheshire_);  // an empty board leaves it where it is
  expect_counters_agree();
}

TEST_F(OversightImportTest, BadRowsAreReportedAndTheRestImport) {
  auto s = import(data_file("bad_rows.csv"));
  EXPECT_EQ(s.rows, 6);
  EXPECT_EQ(s.created, 2);
  EXPECT_EQ(s.skipped, 4);
  ASSERT_EQ(s.problems.size(), 4u);
  const std::vector<std::pair<int, std::string>> expected = {
      {3, "quoted field is not closed"},
      {4, "Date Of Publication '2026-03-14' is not a date in the form dd/mm/yyyy"},
      {5, "Status '25/26 Mostly Fine' is not one of"},
      {6, "Integrated Care Board 'NHS Atlantis Integrated Care Board' does not match"},
  };
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(s.problems[i].line, expected[i].first);
    EXPECT_NE(s.problems[i].reason.find(expected[i].second), std::string::npos)
        << s.problems[i].reason;
  }
  EXPECT_EQ(s.problems[3].code, "VNB05");
  EXPECT_TRUE(org("VNB01"));
  EXPECT_TRUE(org("VNB06"));
  for (const char* code : {"VNB02", "VNB03", "VNB04", "VNB05"}) EXPECT_FALSE(org(code)) << code;
  expect_counters_agree();
}

TEST_F(OversightImportTest, RowsThatCannotApplyChangeNothingOfTheirOwn) {
  const std::string header =
      "Code,Organisation Name,Status,Date Of Publication,Primary Sector,Integrated Care Board\n";
  auto s = import(header +
                  // A new organisation without a board cannot be placed.
                  "VND01,Nowhere Care Home,25/26 Standards Met,14/03/2026,Care Home,\n"
                  // The code of an ICS is not a provider's.
                  "QYG,Cheshire ICS,25/26 Standards Met,14/03/2026,Care Home,\n"
                  "VND02,Somewhere Care Home,25/26 Standards Met,14/03/2026,Care Home,"
                  "Cheshire and Merseyside\n");
  EXPECT_EQ(s.created, 1);
  EXPECT_EQ(s.skipped, 2);
  ASSERT_EQ(s.problems.size(), 2u);
  EXPECT_EQ(s.problems[0].line, 2);
  EXPECT_NE(s.problems[0].reason.find("needs one to be placed"), std::string::npos);
  EXPECT_EQ(s.problems[1].line, 3);
  EXPECT_NE(s.problems[1].reason.find("belongs to Cheshire and Merseyside"), std::string::npos)
      << s.problems[1].reason;
  EXPECT_EQ(org("QYG")->name, "Cheshire and Merseyside");
  EXPECT_TRUE(statuses(cheshire_).empty());
  expect_counters_agree();
}

TEST_F(OversightImportTest, WrongColumnsAreRefusedWhole) {
  const int64_t before = count("SELECT COUNT(*) FROM organisations");
  try {
    import(data_file("wrong_columns.csv"));
    FAIL() << "a file with the wrong columns was imported";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation);
    EXPECT_NE(std::string(e.what()).find("Missing: Organisation Name"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM organisations"), before);
  EXPECT_TRUE(imports_audited().empty());
}

TEST_F(OversightImportTest, OnlyNationalAdminsMayImport) {
  identity::Actor analyst;
  identity::Membership m;
  m.role = identity::Role::analyst;
  m.org_id = region_;
  m.org_path = db().read([&](Connection& c) { return ids::find_org(c, region_)->path; });
  analyst.memberships.push_back(m);
  imp::ImportOptions o;
  try {
    imp::import_status_list(db(), analyst, data_file("well_formed.csv"), o, kNow);
    FAIL() << "an analyst imported statuses";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::forbidden);
  }
  EXPECT_FALSE(org("VNA01"));
}

TEST_F(OversightImportTest, PublicationsMadeInCareguardAreKeptUnlessTheListIsNewer) {
  import(data_file("well_formed.csv"));
  const int64_t oak = org("VNA01")->id;
  oversight::StatusRecord own;
  own.org_id = oak;
  own.edition = "2025-26";
  own.status = "exceeded";
  own.published_on = "2026-04-01";
  own.valid_until = 1814396400;
  own.source = "careguard";
  db().transaction([&](Connection& c) { oversight::record_status(c, own, kNow); });
  auto s = import(data_file("well_formed.csv"));
  EXPECT_EQ(s.updated, 0);
  EXPECT_EQ(statuses(oak)[0].status, "exceeded");
  const std::string header =
      "Code,Organisation Name,Status,Date Of Publication,Primary Sector,Integrated Care Board\n";
  s = import(header +
             "VNA01,Oak House Care Home,25/26 Standards Not Met,02/05/2026,Care Home,"
             "Cheshire and Merseyside\n");
  EXPECT_EQ(s.updated, 1);
  EXPECT_EQ(statuses(oak)[0].status, "not_met");
  expect_counters_agree();
}

TEST_F(OversightImportTest, SearchFindsByNameCodeAndCqcIdWithCurrentStatus) {
  import(data_file("well_formed.csv"));
  auto search = [&](const std::string& q, int page = 1, int per_page = 20) {
    return db().read([&](Connection& c) { return this->search(c, q, page, per_page); });
  };
  auto oak = search("oak house");
  ASSERT_EQ(oak.items.size(), 1u);
  EXPECT_EQ(oak.items[0].ods_code, "VNA01");
  EXPECT_EQ(oak.items[0].edition, "2025-26");
  EXPECT_EQ(oak.items[0].status, "met");
  EXPECT_EQ(oak.items[0].published_on, "2026-03-14");
  EXPECT_EQ(oak.items[0].board, "Cheshire and Merseyside");
  EXPECT_EQ(search("vna02").items.at(0).name, "Elm Lodge Home Care");
  // The 2024-25 status stopped counting at the end of 30 June 2026: Not Published now.
  auto cedar = search("Cedar");
  ASSERT_EQ(cedar.items.size(), 1u);
  EXPECT_EQ(cedar.items[0].edition, "");
  // LIKE wildcards are searched for literally.
  EXPECT_TRUE(search("%").items.empty());
  EXPECT_TRUE(search("_").items.empty());
  // ICSs and regions are not listed; pages follow one another by name.
  auto all = search("");
  EXPECT_EQ(all.items.size(), 6u);
  EXPECT_FALSE(all.more);
  auto first = search("", 1, 4), second = search("", 2, 4), third = search("", 3, 4);
  EXPECT_TRUE(first.more);
  EXPECT_FALSE(second.more);
  ASSERT_EQ(first.items.size(), 4u);
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_TRUE(third.items.empty());
  EXPECT_EQ(first.items[0].name, "Ash Court Nursing Home");
  EXPECT_EQ(second.items[1].name, "The \"Willow\" Pharmacy");
  // A CQC location id is found exactly.
  db().transaction([&](Connection& c) {
    c.exec("UPDATE organisations SET cqc_location_id = '1-123456789' WHERE ods_code = 'VNA03'");
  });
  EXPECT_EQ(search("1-123456789").items.at(0).ods_code, "VNA03");
}

TEST_F(OversightImportTest, TheKeptSearchIndexFollowsChangesMadeStraightInTheDatabase) {
  // Changes made outside this process (another server, the command line, SQL by hand) move the
  // search names version (migration 0012), so the kept index is read again before it answers.
  import(data_file("well_formed.csv"));
  auto ids_of = [&](const std::string& q) {
    std::vector<int64_t> out;
    db().read([&](Connection& c) {
      for (const auto& h : search(c, q, 1, 20).items) out.push_back(h.id);
    });
    return out;
  };
  auto exec = [&](const std::string& sql) {
    db().transaction([&](Connection& c) { c.exec(sql); });
  };
  const int64_t oak = org("VNA01")->id;
  ASSERT_EQ(ids_of("oak house"), std::vector<int64_t>{oak});
  exec("UPDATE organisations SET name = 'Quillon House Care Home' WHERE ods_code = 'VNA01'");
  EXPECT_TRUE(ids_of("oak house").empty());
  EXPECT_EQ(ids_of("quillon"), std::vector<int64_t>{oak});
  exec("UPDATE organisations SET ods_code = 'VNZ99' WHERE ods_code = 'VNA01'");
  EXPECT_TRUE(ids_of("vna01").empty());
  EXPECT_EQ(ids_of("vnz99"), std::vector<int64_t>{oak});
  // A type the search does not list takes it off the list.
  exec("UPDATE organisations SET type = 'ics' WHERE ods_code = 'VNZ99'");
  EXPECT_TRUE(ids_of("quillon").empty());
  exec("UPDATE organisations SET type = 'care_home' WHERE ods_code = 'VNZ99'");
  EXPECT_EQ(ids_of("quillon"), std::vector<int64_t>{oak});
  const int64_t added = add(cheshire_, "Quillon Lodge", "home_care", "VNZ98");
  EXPECT_EQ(ids_of("quillon"), (std::vector<int64_t>{oak, added}));
  exec("DELETE FROM organisations WHERE ods_code = 'VNZ98'");
  EXPECT_EQ(ids_of("quillon"), std::vector<int64_t>{oak});
  // The index also holds each result's ICS (search() compares every field with SQL): moved to
  // another ICS, and that ICS renamed, the results follow (migration 0013).
  auto board_of = [&](const std::string& q) {
    return db().read([&](Connection& c) { return search(c, q, 1, 20).items.at(0).board; });
  };
  exec("UPDATE organisations SET ics_id = " + std::to_string(manchester_) +
       " WHERE ods_code = 'VNZ99'");
  EXPECT_EQ(board_of("quillon"), "Greater Manchester");
  exec("UPDATE organisations SET name = 'Manchester ICS' WHERE id = " +
       std::to_string(manchester_));
  EXPECT_EQ(board_of("quillon"), "Manchester ICS");
  exec("UPDATE organisations SET ics_id = NULL WHERE ods_code = 'VNZ99'");
  EXPECT_EQ(board_of("quillon"), "");
  exec("UPDATE organisations SET type = 'home_care' WHERE ods_code = 'VNZ99'");
  EXPECT_EQ(db().read([&](Connection& c) { return search(c, "quillon", 1, 20).items.at(0).type; }),
            identity::OrgType::home_care);
  // Statuses do not move the version; they are read with each page.
  const int64_t version =
      db().read([&](Connection& c) { return oversight::search::search_names_version(c); });
  exec("DELETE FROM org_status WHERE org_id = " + std::to_string(oak));
  EXPECT_EQ(db().read([&](Connection& c) { return oversight::search::search_names_version(c); }),
            version);
  db().read([&](Connection& c) { EXPECT_EQ(search(c, "quillon", 1, 20).items.at(0).edition, ""); });
}

TEST_F(OversightImportTest, BroadSearchesPageLikeNarrowOnes) {
  // More names contain "care" than the search's broad threshold, in every case and place, mixed
  // with names that do not: the pages must list exactly the matching names, in order, once.
  const std::vector<std::string> patterns = {"Care Home %d", "Sunny CARE %d", "Daycare %d",
                                             "Oak Lodge %d", "%d care",       "Willow %d"};
  std::vector<std::pair<std::string, int64_t>> expected;
  for (int i = 0; i < 420; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, patterns[static_cast<size_t>(i) % patterns.size()].c_str(),
                  (i * 37) % 1000);
    char ods[16];
    std::snprintf(ods, sizeof ods, "VB%04d", i);
    const int64_t id = add(cheshire_, name, "care_home", ods);
    std::string lower = name;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower.find("care") != std::string::npos) expected.emplace_back(lower, id);
  }
  std::sort(expected.begin(), expected.end());
  ASSERT_GT(expected.size(), 250u);  // broad: more than the threshold of 200
  std::vector<int64_t> listed;
  for (int page = 1;; ++page) {
    auto hits = db().read([&](Connection& c) { return search(c, "care", page, 25); });
    for (const auto& h : hits.items) listed.push_back(h.id);
    if (!hits.more) break;
    ASSERT_LT(page, 100);
  }
  std::vector<int64_t> want;
  for (const auto& [name, id] : expected) want.push_back(id);
  EXPECT_EQ(listed, want);
  // A narrow search of the same names goes through the index and agrees.
  auto oak = db().read([&](Connection& c) { return search(c, "lodge 1", 1, 500); });
  for (const auto& h : oak.items) EXPECT_NE(h.name.find("Lodge 1"), std::string::npos) << h.name;
  EXPECT_FALSE(oak.items.empty());
  // The code of one of them is still found exactly, broad or not.
  EXPECT_EQ(
      db().read([&](Connection& c) { return search(c, "vb0007", 1, 20); }).items.at(0).ods_code,
      "VB0007");
}

TEST_F(OversightImportTest, BroadSearchesTakeWildcardsLiterally) {
  // Each needle is in more names than the broad threshold, so it is searched by walking the
  // names; beside them are names that would match too if a LIKE wildcard in it were live.
  struct Case {
    std::string query;      // what a person types (any case)
    std::string in_name;    // the needle as the matching names spell it
    std::string near_miss;  // matches the query only if its %, _ or \ were a wildcard
  };
  const Case cases[] = {
      {"50% CARE", "50% Care", "500 Care"},
      {"a_b lodge", "A_B Lodge", "AxB Lodge"},
      {"x\\y house", "X\\Y House", "XY House"},
  };
  int code = 0;
  for (const auto& c : cases) {
    std::vector<int64_t> want;
    for (int i = 0; i < 230; ++i) {
      char ods[16];
      std::snprintf(ods, sizeof ods, "VW%04d", code++);
      char number[8];
      std::snprintf(number, sizeof number, "%03d", i);
      const bool match = i % 8 != 0;
      const int64_t id = add(cheshire_, "Home " + (match ? c.in_name : c.near_miss) + " " + number,
                             "care_home", ods);
      if (match) want.push_back(id);
    }
    ASSERT_GT(want.size(), 200u) << c.query;  // over the broad threshold
    std::vector<int64_t> listed;
    for (int page = 1;; ++page) {
      auto hits = db().read([&](Connection& conn) { return search(conn, c.query, page, 20); });
      for (const auto& h : hits.items) listed.push_back(h.id);
      if (!hits.more) break;
      ASSERT_LT(page, 50) << c.query;
    }
    EXPECT_EQ(listed, want) << c.query;
  }
}

TEST_F(OversightImportTest, DeepPagesOnOneConnectionListEveryMatchOnce) {
  // One row a page, all on one connection: more pages than the connection keeps statements
  // prepared (each page's statement on PostgreSQL is its own), and each page is still right.
  std::vector<int64_t> want;
  for (int i = 0; i < static_cast<int>(store::kCachedStatements) + 20; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "Deep Dene Care %03d", i);
    char ods[16];
    std::snprintf(ods, sizeof ods, "VD%04d", i);
    want.push_back(add(manchester_, name, "home_care", ods));
  }
  auto lease = db().acquire();
  auto page_of = [&](int page, int per_page) {
    return search(*lease, "deep dene", page, per_page);
  };
  for (int page = 1; page <= static_cast<int>(want.size()); ++page) {
    auto hits = page_of(page, 1);
    ASSERT_EQ(hits.items.size(), 1u) << page;
    ASSERT_EQ(hits.items[0].id, want[static_cast<size_t>(page - 1)]) << page;
    ASSERT_EQ(hits.more, page < static_cast<int>(want.size())) << page;
  }
  EXPECT_TRUE(page_of(static_cast<int>(want.size()) + 1, 1).items.empty());
  // The first pages again, after their statements have been released.
  auto second = page_of(2, 20);
  ASSERT_EQ(second.items.size(), 20u);
  EXPECT_EQ(second.items[0].id, want[20]);
  EXPECT_TRUE(second.more);
  auto last = page_of(14, 20);  // rows 260..275 of 276
  ASSERT_EQ(last.items.size(), want.size() - 260);
  EXPECT_EQ(last.items.back().id, want.back());
  EXPECT_FALSE(last.more);
}

TEST_F(OversightImportTest, TheDownloadImportsBackUnchanged) {
  import(data_file("well_formed.csv"));
  std::string out = csv::row({"Code", "Organisation Name", "Status", "Date Of Publication",
                              "Primary Sector", "Integrated Care Board"});
  int rows = 0;
  db().read([&](Connection& c) {
    oversight::search::each_status(c, kNow, [&](const oversight::search::StatusHit& h) {
      ++rows;
      out += csv::row({h.ods_code, h.name, oversight::public_status_text(h.edition, h.status),
                       oversight::day_month_year(h.published_on), oversight::primary_sector(h.type),
                       oversight::board_name(h.board)});
    });
  });
  EXPECT_EQ(rows, 6);
  EXPECT_NE(out.find("VNA01,\"Oak House Care Home, Chester\",25/26 Standards Met,14/03/2026,"
                     "Care Home,NHS Cheshire and Merseyside Integrated Care Board\r\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("VNA04,Cedar Day Services,Not Published,,Social Care,"), std::string::npos)
      << out;
  auto s = import(out);
  EXPECT_EQ(s.created, 0);
  EXPECT_EQ(s.updated, 0);
  EXPECT_EQ(s.unchanged, 6);
}

}  // namespace
}  // namespace cg::test
