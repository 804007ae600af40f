// Reading published status lists: column titles, quoting, statuses, dates, sectors and the
// row-by-row report of what cannot be used.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/utf8.h"
#include "oversight/import/importer.h"
#include "oversight/import/status_list.h"
#include "oversight/public_status.h"

namespace {

using namespace cg::oversight::import;
using cg::identity::OrgType;

constexpr const char* kToday = "2026-11-22";
constexpr const char* kHeader =
    "Code,Organisation Name,Status,Date Of Publication,Primary Sector,Integrated Care Board\n";

TEST(StatusListTitles, MatchCaseInsensitivelyAndByLeadingWords) {
  struct Case {
    const char* title;
    std::optional<Column> column;
    bool exact;
  };
  const Case cases[] = {
      {"Code", Column::code, true},
      {"  CODE ", Column::code, true},
      {"organisation   name", Column::name, true},
      {"Status", Column::status, true},
      {"Date of publication", Column::published, true},
      {"Date Of Publication (dd/mm/yyyy)", Column::published, false},
      {"Primary Sector", Column::sector, true},
      {"Integrated Care Board (where available, from ODS)", Column::board, false},
      {"Integrated Care Board", Column::board, true},
      {"Code Type", Column::code, false},
      {"Codename", std::nullopt, false},
      {"Organisation", std::nullopt, false},
      {"Region", std::nullopt, false},
      {"", std::nullopt, false},
  };
  for (const auto& c : cases) {
    auto m = column_for_title(c.title);
    ASSERT_EQ(m.has_value(), c.column.has_value()) << c.title;
    if (!m) continue;
    EXPECT_EQ(m->column, *c.column) << c.title;
    EXPECT_EQ(m->exact, c.exact) << c.title;
  }
}

TEST(StatusListLines, SplitQuotedFieldsAndReportBrokenQuoting) {
  struct Case {
    const char* line;
    std::vector<std::string> fields;
    bool broken;
  };
  const Case cases[] = {
      {"a,b,c", {"a", "b", "c"}, false},
      {"\"Smith, Jones and Co\",b", {"Smith, Jones and Co", "b"}, false},
      {"\"say \"\"hi\"\"\",x", {"say \"hi\"", "x"}, false},
      {"a,,c,", {"a", "", "c", ""}, false},
      {" \"padded\" ,b", {"padded", "b"}, false},
      {"", {""}, false},
      {"\"never closed,b", {}, true},
      {"\"closed\"junk,b", {}, true},
      {"ab\"c,d", {}, true},
  };
  for (const auto& c : cases) {
    auto s = split_csv_line(c.line);
    EXPECT_EQ(!s.problem.empty(), c.broken) << c.line << ": " << s.problem;
    if (!c.broken) {
      EXPECT_EQ(s.fields, c.fields) << c.line;
    }
  }
}

TEST(StatusListStatuses, ReadTheFourPublishedStatusesAndNotPublished) {
  struct Case {
    const char* text;
    bool ok;
    const char* edition;
    const char* status;
  };
  const Case cases[] = {
      {"25/26 Standards Met", true, "2025-26", "met"},
      {"25/26 standards   exceeded", true, "2025-26", "exceeded"},
      {"24/25 Approaching Standards", true, "2024-25", "approaching"},
      {"23/24 Standards Not Met", true, "2023-24", "not_met"},
      {"99/00 Standards Met", true, "2099-00", "met"},
      {"Not Published", true, "", ""},
      {"NOT PUBLISHED", true, "", ""},
      {"25/27 Standards Met", false, "", ""},
      {"2025/26 Standards Met", false, "", ""},
      {"25/26 Standards Partly Met", false, "", ""},
      {"Standards Met", false, "", ""},
      {"25-26 Standards Met", false, "", ""},
      {"", false, "", ""},
  };
  for (const auto& c : cases) {
    auto s = parse_status(c.text);
    ASSERT_EQ(s.has_value(), c.ok) << c.text;
    if (!s) continue;
    EXPECT_EQ(s->edition, c.edition) << c.text;
    EXPECT_EQ(s->status, c.status) << c.text;
  }
}

TEST(StatusListDates, ReadDayMonthYearOnly) {
  const std::pair<const char*, const char*> cases[] = {
      {"14/03/2026", "2026-03-14"},
      {"1/7/2025", "2025-07-01"},
      {"29/02/2024", "2024-02-29"},
      {"29/02/2025", ""},
      {"31/04/2026", ""},
      {"2026-03-14", ""},
      {"03/14/2026", ""},
      {"14/03/26", ""},
      {"00/01/2026", ""},
      {"14/03/1999", ""},
      {"", ""},
      {"14 March 2026", ""},
  };
  for (const auto& [in, out] : cases) {
    auto d = parse_day_month_year(in);
    EXPECT_EQ(d.value_or(""), out) << in;
  }
}

TEST(StatusListSectors, MapToOrganisationTypes) {
  const std::pair<const char*, std::optional<OrgType>> cases[] = {
      {"Care Home", OrgType::care_home},
      {"care  homes", OrgType::care_home},
      {"Home Care", OrgType::home_care},
      {"Domiciliary Care", OrgType::home_care},
      {"Supported Living", OrgType::supported_living},
      {"Social Care", OrgType::other_social_care},
      {"GP", OrgType::gp_practice},
      {"NHS Trust", OrgType::nhs_trust},
      {"Trust", OrgType::nhs_trust},
      {"Pharmacy", OrgType::pharmacy},
      {"Local Authority", OrgType::local_authority},
      {"Dentist", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(type_for_sector(in), out) << in;
}

TEST(StatusListBoards, BoardAndIcsNamesAgree) {
  using cg::oversight::area_key;
  const std::pair<const char*, const char*> same[] = {
      {"NHS Cheshire and Merseyside Integrated Care Board", "Cheshire and Merseyside"},
      {"NHS Cheshire & Merseyside ICB", "Cheshire and Merseyside"},
      {"nhs  cheshire and merseyside integrated care board", "Cheshire and Merseyside ICS"},
      {"Cheshire and Merseyside Integrated Care System", "Cheshire and Merseyside"},
  };
  for (const auto& [a, b] : same) EXPECT_EQ(area_key(a), area_key(b)) << a << " / " << b;
  EXPECT_NE(area_key("NHS Cheshire Integrated Care Board"), area_key("Cheshire and Merseyside"));
  EXPECT_EQ(cg::oversight::board_name("Cheshire and Merseyside"),
            "NHS Cheshire and Merseyside Integrated Care Board");
  EXPECT_EQ(cg::oversight::board_name("NHS Cheshire and Merseyside ICB"),
            "NHS Cheshire and Merseyside Integrated Care Board");
}

TEST(StatusListFile, ReadsGoodRowsAndReportsBadOnesByLine) {
  const std::string text = std::string("\xEF\xBB\xBF") +
                           "Code,Organisation Name,Status,Date Of Publication,Primary Sector,"
                           "\"Integrated Care Board (where available, from ODS)\",Region\r\n"
                           "vn001,\"Oak House, Chester\",25/26 Standards Met,14/03/2026,Care "
                           "Home,NHS Cheshire and Merseyside Integrated Care Board,North West\r\n"
                           "\r\n"
                           "VN002,Elm Lodge,Not Published,,Home Care,,North West\r\n"
                           "VN003,Bad Date,25/26 Standards Met,2026-03-14,Care Home,,x\r\n"
                           "VN004,Bad Status,25/26 Standards Partly Met,14/03/2026,Care Home,,x\r\n"
                           "VN005,\"Broken quote,25/26 Standards Met,14/03/2026,Care Home,,x\r\n"
                           "VN006,Too,many,fields,Care Home,,x,y\r\n"
                           "VN007,Future,25/26 Standards Met,01/12/2026,Care Home,,x\r\n"
                           "VN001,Again,Not Published,,Care Home,,x\r\n"
                           "no good!,Bad code,Not Published,,Dentist,,x\r\n";
  auto list = parse_status_list(text, kToday);
  ASSERT_EQ(list.rows.size(), 2u);
  EXPECT_EQ(list.data_lines, 9);
  const auto& oak = list.rows[0];
  EXPECT_EQ(oak.line, 2);
  EXPECT_EQ(oak.code, "VN001");
  EXPECT_EQ(oak.name, "Oak House, Chester");
  EXPECT_EQ(oak.edition, "2025-26");
  EXPECT_EQ(oak.status, "met");
  EXPECT_EQ(oak.published_on, "2026-03-14");
  EXPECT_EQ(oak.type, OrgType::care_home);
  EXPECT_EQ(oak.board, "NHS Cheshire and Merseyside Integrated Care Board");
  const auto& elm = list.rows[1];
  EXPECT_EQ(elm.line, 4);
  EXPECT_EQ(elm.edition, "");
  EXPECT_EQ(elm.published_on, "");
  EXPECT_EQ(elm.type, OrgType::home_care);

  const std::vector<std::pair<int, const char*>> expected = {
      {5, "Date Of Publication '2026-03-14' is not a date in the form dd/mm/yyyy"},
      {6, "Status '25/26 Standards Partly Met' is not one of"},
      {7, "a quoted field is not closed"},
      {8, "the line has 8 fields but the first line has 7"},
      {9, "is in the future"},
      {10, "Code VN001 is also on line 2"},
      {11, "Code 'no good!' is not an ODS code"},
  };
  ASSERT_EQ(list.problems.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(list.problems[i].line, expected[i].first);
    EXPECT_NE(list.problems[i].reason.find(expected[i].second), std::string::npos)
        << list.problems[i].reason;
  }
  // Every problem in a row is named, not only the first.
  EXPECT_NE(list.problems.back().reason.find("Primary Sector 'Dentist'"), std::string::npos)
      << list.problems.back().reason;
}

TEST(StatusListFile, RefusesFilesThatAreNotStatusLists) {
  struct Case {
    std::string text;
    const char* message;
  };
  const Case cases[] = {
      {"", "The file is empty"},
      {"\n\n", "The file is empty"},
      {"Code,Organisation Name,Status\nVN001,Oak,Not Published\n",
       "Missing: Date Of Publication, Primary Sector, Integrated Care Board"},
      {"Name,Address\nx,y\n", "Missing: Code, Organisation Name"},
      {std::string("PK\x03\x04\0\0binary", 13), "not a CSV text file"},
      {"\"Code,Organisation Name\n", "cannot be read"},
      {"Code,Code Type,Code Group,Organisation Name,Status,Date Of Publication,Primary "
       "Sector,Integrated Care Board\n",
       ""},
      {"Code Type,Code Group,Organisation Name,Status,Date Of Publication,Primary "
       "Sector,Integrated Care Board\n",
       "more than one column that could be \"Code\""},
      {std::string(kMaxFileBytes + 1, 'a'), "larger than 32 MB"},
  };
  for (const auto& c : cases) {
    if (std::string(c.message).empty()) {
      EXPECT_NO_THROW(parse_status_list(c.text, kToday));
      continue;
    }
    try {
      parse_status_list(c.text, kToday);
      ADD_FAILURE() << "accepted: " << c.text.substr(0, 60);
    } catch (const cg::Error& e) {
      EXPECT_EQ(e.code(), cg::ErrorCode::validation);
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
      ASSERT_EQ(e.fields().size(), 1u);
      EXPECT_EQ(e.fields()[0].field, "file");
    }
  }
}

TEST(StatusListFile, AcceptsAnUnquotedCommaInTheLastTitle) {
  // "Integrated Care Board (where available, from ODS)" without quotes is two titles; the rows
  // have one field fewer, none of them a column that is used.
  const std::string text =
      "Code,Organisation Name,Status,Date Of Publication,Primary Sector,Integrated Care Board "
      "(where available, from ODS)\nVN001,Oak,25/26 Standards Met,14/03/2026,Care Home,NHS "
      "Cheshire and Merseyside Integrated Care Board\nVN002,Elm,Not Published,,Care Home\n";
  auto list = parse_status_list(text, kToday);
  ASSERT_EQ(list.rows.size(), 1u);
  EXPECT_EQ(list.rows[0].board, "NHS Cheshire and Merseyside Integrated Care Board");
  ASSERT_EQ(list.problems.size(), 1u);
  EXPECT_EQ(list.problems[0].line, 3);
  EXPECT_NE(list.problems[0].reason.find("the line has 5 fields but the first line has 7"),
            std::string::npos)
      << list.problems[0].reason;
}

TEST(StatusListFile, RefusesTooManyRows) {
  std::string text = kHeader;
  for (size_t i = 0; i <= kMaxRows; ++i) text += "\n,\n";
  EXPECT_THROW(parse_status_list(text, kToday), cg::Error);
}

TEST(StatusListFile, RejectsLinesThatAreNotUtf8) {
  std::string text = kHeader;
  text += "VN001,Caf\xE9 Care,Not Published,,Care Home,\n";
  auto list = parse_status_list(text, kToday);
  ASSERT_EQ(list.problems.size(), 1u);
  EXPECT_EQ(list.problems[0].line, 2);
  EXPECT_NE(list.problems[0].reason.find("UTF-8"), std::string::npos);
}

// A long value is shown cut to 60 bytes; the cut fell inside a character, leaving a reason that
// was not UTF-8 (found by fuzz_status_csv).
TEST(StatusListFile, ReasonsQuoteLongValuesInWholeCharacters) {
  std::string sector = "x";  // then 30 two-byte characters: byte 60 is inside one
  for (int i = 0; i < 30; ++i) sector += "\xc5\xb7";
  auto list = parse_status_list(
      std::string(kHeader) + "A1B2C,Oak House,Not Published,," + sector + ",\n", kToday);
  ASSERT_EQ(list.problems.size(), 1u);
  const std::string& reason = list.problems[0].reason;
  EXPECT_TRUE(cg::is_utf8_text(reason)) << reason;
  EXPECT_NE(reason.find("'x" + sector.substr(1, 58) + "...'"), std::string::npos) << reason;
}

TEST(StatusListEditions, DeadlineFromTheLibraryOrTheThirtiethOfJune) {
  const std::map<std::string, std::string> known = {{"2025-26", "2026-06-27"}};
  EXPECT_EQ(edition_deadline(known, "2025-26"), "2026-06-27");
  EXPECT_EQ(edition_deadline(known, "2023-24"), "2024-06-30");
  EXPECT_EQ(edition_deadline({}, "2099-00"), "2100-06-30");
}

TEST(PublicStatus, WordingAndDates) {
  using namespace cg::oversight;
  EXPECT_EQ(public_status_text("2025-26", "met"), "25/26 Standards Met");
  EXPECT_EQ(public_status_text("2024-25", "not_met"), "24/25 Standards Not Met");
  EXPECT_EQ(public_status_text("", ""), "Not Published");
  EXPECT_EQ(day_month_year("2026-03-04"), "04/03/2026");
  EXPECT_EQ(human_day("2026-03-04"), "4 March 2026");
  EXPECT_EQ(primary_sector(OrgType::care_home), "Care Home");
  // Every sector written in the download reads back as the same type.
  for (auto t : cg::identity::kAllOrgTypes)
    if (cg::oversight::counted(t) && t != OrgType::supplier) {
      EXPECT_EQ(type_for_sector(primary_sector(t)), t) << cg::identity::to_string(t);
    }
  std::vector<StatusRecord> statuses(3);
  statuses[0].edition = "2026-27";
  statuses[0].valid_until = 100;
  statuses[1].edition = "2025-26";
  statuses[1].valid_until = 300;
  statuses[2].edition = "2024-25";
  statuses[2].valid_until = 400;
  EXPECT_EQ(current_of(statuses, 50)->edition, "2026-27");
  EXPECT_EQ(current_of(statuses, 100)->edition, "2025-26");
  EXPECT_EQ(current_of(statuses, 350)->edition, "2024-25");
  EXPECT_FALSE(current_of(statuses, 400).has_value());
}

}  // namespace
