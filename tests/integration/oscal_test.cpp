// OSCAL exports over HTTP: an organisation lead publishes an assessment, downloads the
// assessment results, the assessment plan and the toolkit's catalog, and every file passes
// NIST's OSCAL 1.1.3 JSON Schema (tests/oscal/validate.mjs, run with node). Another
// organisation's lead gets 404 for the same URLs. On both databases.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/clock.h"
#include "flows.h"
#include "harness.h"
#include "toolkit/answers/answer_input.h"
#include "toolkit/content/loader.h"
#include "toolkit/scoring/london_time.h"

namespace cg::test {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "kettle orange bicycle";

struct Run {
  int exit_code = -1;
  std::string output;
};

// Runs a shell command, returning its exit code and everything it printed (both streams).
Run run(const std::string& command) {
  Run r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    r.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string prop(const json& node, const std::string& name) {
  if (!node.contains("props")) return "";
  for (const auto& p : node["props"])
    if (p.at("name") == name) return p.at("value");
  return "";
}

class OscalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    library = std::make_unique<toolkit::Library>(
        toolkit::Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks"));
    server.prepare();
    ASSERT_TRUE(add_national_region_and_ics(server));
    auto r = server.cli({"org", "add", "--name", "Sunnyside Care", "--type", "care_home", "--ods",
                         "AB1C2", "--parent", "QYG", "--staff", "20", "--people", "30"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    org_id = std::stoll(r.out);
    r = server.cli({"org", "add", "--name", "Other Care", "--type", "care_home", "--ods", "CD3E4",
                    "--parent", "QYG", "--staff", "5"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    other_id = std::stoll(r.out);
    email = unique_email("lead");
    other_email = unique_email("otherlead");
    for (const auto& [who, ods] : {std::pair{email, "AB1C2"}, std::pair{other_email, "CD3E4"}})
      ASSERT_EQ(server
                    .cli({"user", "add", "--email", who, "--name", "Grace Lead", "--org", ods,
                          "--role", "org_lead", "--password-stdin"},
                         std::string(kPassword) + "\n")
                    .exit_code,
                0);
    server.start();
  }

  std::unique_ptr<toolkit::Library> library;
  TestServer server;
  int64_t org_id = 0, other_id = 0;
  std::string email, other_email;
};

TEST_F(OscalTest, PublishedAssessmentExportsValidOscal) {
  const std::string validator = std::string(CAREGUARD_SOURCE_DIR) + "/tests/oscal/validate.mjs";
  // Fail, not skip, when the validator's packages are missing.
  ASSERT_TRUE(std::filesystem::exists(std::string(CAREGUARD_SOURCE_DIR) +
                                      "/tests/oscal/node_modules/ajv/package.json"))
      << "the OSCAL validator is not installed: run npm ci --prefix tests/oscal";

  Client c = server.client();
  sign_in_and_enrol(c, email, kPassword);
  const std::string toolkit = "/orgs/" + std::to_string(org_id) + "/toolkit";
  auto started = c.post_form(toolkit + "/start", {});
  ASSERT_EQ(started.status, 303);
  const std::string base = started.header("location");

  // A few items met: the ICO number and some questions met by answering yes.
  const toolkit::Framework* f = library->find("care-toolkit", "2026-27");
  ASSERT_NE(f, nullptr);
  std::set<std::string> met = {"1.1"};
  c.get(base + "/items/1.1");
  ASSERT_EQ(c.post_form(base + "/items/1.1", {{"answer", "ZA123456"}}).status, 303);
  for (const toolkit::Item* item : f->all_items()) {
    if (met.size() >= 4) break;
    if (item->answer.type != toolkit::AnswerType::yes_no ||
        item->met_when_text != "answer == yes" || !toolkit::item_applies(*item, "care_home", 20))
      continue;
    c.get(base + "/items/" + item->id);
    ASSERT_EQ(c.post_form(base + "/items/" + item->id, {{"answer", "yes"}}).status, 303)
        << item->id;
    met.insert(item->id);
  }
  ASSERT_EQ(met.size(), 4u);

  // Everything else is in the improvement plan, so Standards Not Met can be published.
  const std::string target = toolkit::london_date(clock::now() + 60 * 86400);
  std::vector<std::pair<std::string, std::string>> plan;
  for (const toolkit::Item* item : f->all_items()) {
    plan.push_back({"plan-" + item->id + "-action", "Put it right"});
    plan.push_back({"plan-" + item->id + "-owner", "Grace"});
    plan.push_back({"plan-" + item->id + "-date", target});
  }
  c.get(base + "/plan");
  auto planned = c.post_form(base + "/plan", plan);
  ASSERT_EQ(planned.status, 303) << planned.body.substr(0, 1000);
  c.get(base + "/check");
  auto published = c.post_form(base + "/publish", {{"password", kPassword}});
  ASSERT_EQ(published.status, 303) << published.body.substr(0, 1500);
  EXPECT_NE(c.follow(published).body.find("Published: Standards Not Met"), std::string::npos);

  // The publications page lists it with its download links.
  auto list = c.get(base + "/publications");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Standards Not Met"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      list.body, m, std::regex(base + "/publications/([0-9]+)/oscal/assessment-results\\.json")))
      << list.body;
  const std::string pub = m[1];
  const std::string oscal = base + "/publications/" + pub + "/oscal";
  EXPECT_NE(list.body.find(oscal + "/assessment-plan.json"), std::string::npos);
  EXPECT_NE(list.body.find("/frameworks/care-toolkit/2026-27/oscal/catalog.json"),
            std::string::npos);

  struct Download {
    std::string url;
    std::string file;
    std::string model;
    Client* client;
  };
  Client anyone = server.client();  // the catalog is public
  const std::vector<Download> downloads = {
      {oscal + "/assessment-results.json", "assessment-results.json", "assessment-results", &c},
      {oscal + "/assessment-plan.json", "assessment-plan.json", "assessment-plan", &c},
      {"/frameworks/care-toolkit/2026-27/oscal/catalog.json", "catalog.json", "catalog", &anyone},
      {"/frameworks/ncsc-caf/4.0/oscal/catalog.json", "caf-catalog.json", "catalog", &anyone}};
  std::string files;
  std::map<std::string, json> docs;
  for (const auto& d : downloads) {
    auto r = d.client->get(d.url);
    ASSERT_EQ(r.status, 200) << d.url << "\n" << r.body.substr(0, 500);
    EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos) << d.url;
    EXPECT_EQ(r.header("content-disposition").rfind("attachment; filename=\"", 0), 0u)
        << d.url << ": " << r.header("content-disposition");
    const json doc = json::parse(r.body, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << d.url;
    ASSERT_TRUE(doc.contains(d.model)) << d.url;
    docs[d.file] = doc;
    const std::string path = server.dir() + "/" + d.file;
    std::ofstream(path) << r.body;
    files += " " + quoted(path);
  }
  EXPECT_NE(c.get(oscal + "/assessment-results.json").header("content-disposition").find("AB1C2"),
            std::string::npos);

  // What the results say.
  const json& ar = docs["assessment-results.json"]["assessment-results"];
  EXPECT_EQ(ar["metadata"]["oscal-version"], "1.1.3");
  EXPECT_EQ(ar["metadata"]["parties"][0]["name"], "Sunnyside Care");
  EXPECT_NE(ar["import-ap"]["href"].get<std::string>().find(oscal + "/assessment-plan.json"),
            std::string::npos);
  const json& result = ar["results"][0];
  EXPECT_EQ(prop(result, "toolkit-status"), "not-met");
  size_t satisfied = 0, items = 0, outcomes = 0;
  for (const auto& finding : result["findings"]) {
    const bool ok = finding["target"]["status"]["state"] == "satisfied";
    if (prop(finding, "framework") == "care-toolkit@2026-27") {
      ++items;
      satisfied += ok;
      EXPECT_EQ(ok, met.count(prop(finding, "label")) > 0) << prop(finding, "label");
    } else {
      ++outcomes;
      EXPECT_FALSE(prop(finding, "caf-level").empty());
    }
  }
  EXPECT_EQ(items, f->all_items().size());
  EXPECT_EQ(satisfied, met.size());
  EXPECT_EQ(outcomes, library->find("ncsc-caf", "4.0")->all_outcomes().size());
  // The same publication exports the same document.
  EXPECT_EQ(json::parse(c.get(oscal + "/assessment-results.json").body),
            docs["assessment-results.json"]);

  // NIST's schema accepts all of them.
  auto v = run("node " + quoted(validator) + files);
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_NE(v.output.find("4 valid, 0 invalid"), std::string::npos) << v.output;

  // And refuses a broken one, so a pass means something.
  json broken = docs["assessment-results.json"];
  broken["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] = "";
  broken["assessment-results"]["uuid"] = "not-a-uuid";
  const std::string broken_path = server.dir() + "/broken.json";
  std::ofstream(broken_path) << broken.dump();
  auto bad = run("node " + quoted(validator) + " " + quoted(broken_path));
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("/assessment-results/uuid"), std::string::npos) << bad.output;

  // Another organisation's lead is told none of it exists; so is a publication id that is not
  // this assessment's, and a framework that is not there.
  Client other = server.client();
  sign_in_and_enrol(other, other_email, kPassword);
  const std::string other_base = "/orgs/" + std::to_string(other_id) + "/toolkit/" +
                                 base.substr(base.rfind('/') + 1) + "/publications/" + pub +
                                 "/oscal";
  for (const std::string& url :
       {oscal + "/assessment-results.json", oscal + "/assessment-plan.json", base + "/publications",
        other_base + "/assessment-results.json", other_base + "/assessment-plan.json"}) {
    auto r = other.get(url);
    EXPECT_EQ(r.status, 404) << url;
    EXPECT_EQ(r.body.find("Sunnyside"), std::string::npos) << url;
  }
  EXPECT_EQ(c.get(base + "/publications/" + std::to_string(std::stoll(pub) + 1000) +
                  "/oscal/assessment-results.json")
                .status,
            404);
  EXPECT_EQ(anyone.get("/frameworks/care-toolkit/1999-00/oscal/catalog.json").status, 404);
  EXPECT_EQ(anyone.get("/frameworks/care-toolkit-to-caf/2026-27/oscal/catalog.json").status, 404);
  // Signed out, the private exports are not served.
  EXPECT_NE(anyone.get(oscal + "/assessment-results.json").status, 200);
}

}  // namespace
}  // namespace cg::test
