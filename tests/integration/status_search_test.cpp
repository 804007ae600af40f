// The public status search and its CSV, signed out; importing a published status list through
// the upload page (national admins only) and through `careguard import statuses`.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "flows.h"
#include "harness.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "kettle orange bicycle";
constexpr const char* kHeader =
    "Code,Organisation Name,Status,Date Of Publication,Primary Sector,Integrated Care Board";

std::string data_path(const std::string& name) {
  return std::string(CAREGUARD_SOURCE_DIR) + "/tests/data/status_lists/" + name;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A multipart/form-data body with the CSRF token and one file.
HttpResponse upload(Client& c, const std::string& file_name, const std::string& content,
                    bool with_csrf = true) {
  const std::string boundary = "----careguard" + random_hex(8);
  std::string body;
  if (with_csrf)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" +
            c.csrf_token() + "\r\n";
  body += "--" + boundary +
          "\r\nContent-Disposition: form-data; name=\"status_file\"; filename=\"" + file_name +
          "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
  return c.request("POST", "/import/statuses", body,
                   {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
}

class StatusSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.prepare();
    const std::vector<std::vector<std::string>> tree = {
        {"org", "add", "--name", "National", "--type", "national", "--ods", "X26"},
        {"org", "add", "--name", "North West", "--type", "region", "--ods", "Y62", "--parent",
         "X26"},
        {"org", "add", "--name", "Cheshire and Merseyside", "--type", "ics", "--ods", "QYG",
         "--parent", "Y62"}};
    for (const auto& args : tree) ASSERT_EQ(server.cli(args).exit_code, 0);
  }
  void add_person(const std::string& email, const std::string& org, const std::string& role) {
    auto r = server.cli({"user", "add", "--email", email, "--name", "Test Person", "--org", org,
                         "--role", role, "--password-stdin"},
                        std::string(kPassword) + "\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  TestServer server;
};

TEST_F(StatusSearchTest, CommandLineImportReportsAndIsIdempotent) {
  auto first = server.cli({"import", "statuses", data_path("well_formed.csv")});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("rows read: 6\ncreated: 6\nupdated: 0\nunchanged: 0\nskipped: 0\n"),
            std::string::npos)
      << first.out;
  auto again = server.cli({"import", "statuses", data_path("well_formed.csv")});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("created: 0\nupdated: 0\nunchanged: 6\nskipped: 0\n"), std::string::npos)
      << again.out;

  auto bad = server.cli({"import", "statuses", data_path("bad_rows.csv")});
  ASSERT_EQ(bad.exit_code, 0) << bad.err;
  EXPECT_NE(bad.out.find("created: 2\n"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("skipped: 4\n"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("bad_rows.csv:3: "), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("bad_rows.csv:6: VNB05: Integrated Care Board 'NHS Atlantis"),
            std::string::npos)
      << bad.out;

  auto refused = server.cli({"import", "statuses", data_path("wrong_columns.csv")});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("was not imported"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("Missing: Organisation Name"), std::string::npos) << refused.err;
  auto missing = server.cli({"import", "statuses", server.dir() + "/no-such-file.csv"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot read"), std::string::npos) << missing.err;

  // Each import that ran is in the audit trail, and the trail still verifies.
  auto verify = server.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

TEST_F(StatusSearchTest, SignedOutVisitorsSearchPageAndDownload) {
  ASSERT_EQ(server.cli({"import", "statuses", data_path("well_formed.csv")}).exit_code, 0);
  // Enough organisations for three pages of one search.
  std::string many = std::string(kHeader) + "\n";
  for (int i = 1; i <= 45; ++i) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "VNG%02d,Generated Care Home %02d,25/26 Standards Met,01/%02d/2026,Care Home,"
                  "NHS Cheshire and Merseyside Integrated Care Board\n",
                  i, i, 1 + i % 9);
    many += line;
  }
  std::ofstream(server.dir() + "/many.csv") << many;
  ASSERT_EQ(server.cli({"import", "statuses", server.dir() + "/many.csv"}).exit_code, 0);
  server.start();
  Client c = server.client();

  auto page = c.get("/status");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Search by organisation name, ODS code or CQC location ID"),
            std::string::npos);

  auto oak = c.get("/status?q=oak+house");
  ASSERT_EQ(oak.status, 200);
  EXPECT_NE(oak.body.find("Oak House Care Home, Chester"), std::string::npos);
  EXPECT_NE(oak.body.find("25/26 Standards Met"), std::string::npos);
  EXPECT_NE(oak.body.find("2025-26"), std::string::npos);
  EXPECT_NE(oak.body.find("14 March 2026"), std::string::npos);
  EXPECT_EQ(oak.body.find("Elm Lodge"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(oak.body, m, std::regex(R"(href="(/orgs/\d+/status)\")")));
  auto one = c.get(m[1]);
  ASSERT_EQ(one.status, 200);
  EXPECT_NE(one.body.find("25/26 Standards Met"), std::string::npos);
  EXPECT_NE(one.body.find("14 March 2026"), std::string::npos);

  auto by_code = c.get("/status?q=vna02");
  EXPECT_NE(by_code.body.find("Elm Lodge Home Care"), std::string::npos);
  EXPECT_NE(by_code.body.find("25/26 Standards Exceeded"), std::string::npos);
  auto expired = c.get("/status?q=Cedar");
  EXPECT_NE(expired.body.find("Not Published"), std::string::npos);
  auto none = c.get("/status?q=Atlantis");
  EXPECT_EQ(none.status, 200);
  EXPECT_NE(none.body.find("No organisations found"), std::string::npos);

  // Pagination: 45 matches, 20 a page.
  auto count_rows = [](const std::string& html) {
    size_t n = 0;
    for (size_t at = html.find("Generated Care Home"); at != std::string::npos;
         at = html.find("Generated Care Home", at + 1))
      ++n;
    return n;
  };
  auto p1 = c.get("/status?q=Generated");
  EXPECT_EQ(count_rows(p1.body), 20u);
  EXPECT_NE(p1.body.find("href=\"/status?q=Generated&amp;page=2\""), std::string::npos);
  EXPECT_EQ(p1.body.find("rel=\"prev\""), std::string::npos);
  auto p3 = c.get("/status?q=Generated&page=3");
  EXPECT_EQ(count_rows(p3.body), 5u);
  EXPECT_NE(p3.body.find("Generated Care Home 45"), std::string::npos);
  EXPECT_EQ(p3.body.find("rel=\"next\""), std::string::npos);
  EXPECT_NE(p3.body.find("rel=\"prev\""), std::string::npos);
  auto beyond = c.get("/status?q=Generated&page=4");
  EXPECT_EQ(beyond.status, 200);
  EXPECT_NE(beyond.body.find("There are no results on page 4"), std::string::npos);
  for (const char* bad : {"0", "-1", "abc", "2.5", "99999999", "1e3"}) {
    auto r = c.get(std::string("/status?q=Generated&page=") + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("The page number must be a whole number from 1"), std::string::npos)
        << bad;
  }
  EXPECT_EQ(c.get("/status?q=" + std::string(101, 'a')).status, 400);

  // The download: every organisation that completes the toolkit, in the published layout.
  auto csv = c.get("/status.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.header("content-disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(csv.body.rfind(std::string(kHeader) + "\r\n", 0), 0u) << csv.body.substr(0, 200);
  EXPECT_NE(csv.body.find("VNA01,\"Oak House Care Home, Chester\",25/26 Standards Met,"
                          "14/03/2026,Care Home,NHS Cheshire and Merseyside Integrated Care "
                          "Board\r\n"),
            std::string::npos);
  EXPECT_NE(csv.body.find("VNA05,Ash Court Nursing Home,Not Published,,Care Home,"),
            std::string::npos);
  EXPECT_EQ(csv.body.find("X26"), std::string::npos);  // the national team is not listed
  size_t lines = 0;
  for (char ch : csv.body) lines += ch == '\n';
  EXPECT_EQ(lines, 1u + 6u + 45u);
}

TEST_F(StatusSearchTest, BroadSearchesPageToTheEndAndTakeWildcardsLiterally) {
  // More matching names than the search's broad threshold, so the server walks the names in
  // order; every eighth name differs only where the % would match anything if it were live.
  std::string list = std::string(kHeader) + "\n";
  for (int i = 0; i < 230; ++i) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "VW%04d,Rowan %s Care Home %03d,25/26 Standards Met,01/03/2026,Care Home,"
                  "NHS Cheshire and Merseyside Integrated Care Board\n",
                  i, i % 8 == 0 ? "500" : "50%", i);
    list += line;
  }
  std::ofstream(server.dir() + "/broad.csv") << list;
  auto imported = server.cli({"import", "statuses", server.dir() + "/broad.csv"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  server.start();
  Client c = server.client();
  auto count = [](const std::string& html, const std::string& what) {
    size_t n = 0;
    for (size_t at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
    return n;
  };
  size_t listed = 0;
  for (int page = 1; page <= 11; ++page) {
    auto r = c.get("/status?q=50%25+care&page=" + std::to_string(page));
    ASSERT_EQ(r.status, 200) << page;
    EXPECT_EQ(count(r.body, "Rowan 500 Care"), 0u) << page;
    const size_t rows = count(r.body, "Rowan 50% Care Home");
    EXPECT_EQ(rows, page < 11 ? 20u : 1u) << page;
    EXPECT_EQ(r.body.find("rel=\"next\"") != std::string::npos, page < 11) << page;
    listed += rows;
  }
  EXPECT_EQ(listed, 201u);
  auto last = c.get("/status?q=50%25+care&page=11");
  EXPECT_NE(last.body.find("Rowan 50% Care Home 229"), std::string::npos);
  auto beyond = c.get("/status?q=50%25+care&page=12");
  EXPECT_EQ(beyond.status, 200);
  EXPECT_NE(beyond.body.find("There are no results on page 12"), std::string::npos);
  // A page asked for again (its statement already prepared) gives the same rows.
  auto again = c.get("/status?q=50%25+care&page=5");
  EXPECT_EQ(count(again.body, "Rowan 50% Care Home"), 20u);
  EXPECT_NE(again.body.find("Rowan 50% Care Home 092"), std::string::npos);  // 81st match
  EXPECT_NE(again.body.find("Rowan 50% Care Home 114"), std::string::npos);  // 100th
}

TEST_F(StatusSearchTest, NationalAdminsUploadListsAndOthersAreRefused) {
  const std::string admin = unique_email("admin"), analyst = unique_email("analyst"),
                    lead = unique_email("lead");
  add_person(admin, "X26", "national_admin");
  add_person(analyst, "Y62", "analyst");
  ASSERT_EQ(server
                .cli({"org", "add", "--name", "Lead Care Home", "--type", "care_home", "--ods",
                      "VNL01", "--parent", "QYG"})
                .exit_code,
            0);
  add_person(lead, "VNL01", "org_lead");
  server.start();

  // Signed out: sent to sign in.
  Client anon = server.client();
  EXPECT_EQ(anon.get("/import/statuses").status, 303);

  for (const auto& email : {analyst, lead}) {
    Client c = server.client();
    sign_in_and_enrol(c, email, kPassword);
    EXPECT_EQ(c.get("/import/statuses").status, 403) << email;
    c.get("/account");  // a page with a CSRF token
    auto r = upload(c, "well_formed.csv", read_file(data_path("well_formed.csv")));
    EXPECT_EQ(r.status, 403) << email;
  }
  EXPECT_EQ(server.client().get("/status?q=Oak").body.find("Oak House"), std::string::npos);

  Client c = server.client();
  sign_in_and_enrol(c, admin, kPassword);
  auto form = c.get("/import/statuses");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("enctype=\"multipart/form-data\""), std::string::npos);

  EXPECT_EQ(upload(c, "well_formed.csv", read_file(data_path("well_formed.csv")), false).status,
            403);

  auto done = upload(c, "bad_rows.csv", read_file(data_path("bad_rows.csv")));
  ASSERT_EQ(done.status, 200) << done.body.substr(0, 2000);
  EXPECT_NE(done.body.find("id=\"rows-created\">2<"), std::string::npos);
  EXPECT_NE(done.body.find("id=\"rows-skipped\">4<"), std::string::npos);
  EXPECT_NE(done.body.find("Rows that could not be used"), std::string::npos);
  EXPECT_NE(done.body.find("is not a date in the form dd/mm/yyyy"), std::string::npos);
  EXPECT_NE(done.body.find("NHS Atlantis Integrated Care Board"), std::string::npos);

  c.get("/import/statuses");
  auto again = upload(c, "bad_rows.csv", read_file(data_path("bad_rows.csv")));
  EXPECT_NE(again.body.find("id=\"rows-created\">0<"), std::string::npos);
  EXPECT_NE(again.body.find("id=\"rows-updated\">0<"), std::string::npos);
  EXPECT_NE(again.body.find("id=\"rows-unchanged\">2<"), std::string::npos);

  c.get("/import/statuses");
  auto refused = upload(c, "wrong_columns.csv", read_file(data_path("wrong_columns.csv")));
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("There is a problem"), std::string::npos);
  EXPECT_NE(refused.body.find("Missing: Organisation Name"), std::string::npos);
  c.get("/import/statuses");
  auto empty = upload(c, "", "");
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("Choose a CSV file to import"), std::string::npos);

  // What was imported is public at once.
  EXPECT_NE(server.client().get("/status?q=VNB01").body.find("Good Row Care Home"),
            std::string::npos);
}

}  // namespace
}  // namespace cg::test
