// The Cyber Essentials readiness checklist over HTTP, on both databases: a lead starts it from
// the toolkit page, answers checks with the same question pages as the toolkit, sees how many
// are in place, and finds no publishing or plan pages, since checklists are never published.
#include <gtest/gtest.h>

#include <regex>

#include "flows.h"
#include "harness.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "kettle orange bicycle";

TEST(ChecklistTest, LeadWorksThroughCyberEssentialsWithoutPublishing) {
  TestServer server;
  server.prepare();
  ASSERT_TRUE(add_national_region_and_ics(server));
  auto added = server.cli({"org", "add", "--name", "Sunnyside Care", "--type", "care_home", "--ods",
                           "AB1C2", "--parent", "QYG", "--staff", "20", "--people", "30"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const int64_t org_id = std::stoll(added.out);
  const std::string lead = unique_email("lead");
  const std::string staff = unique_email("staff");
  for (const auto& [email, role] :
       std::vector<std::pair<std::string, std::string>>{{lead, "org_lead"}, {staff, "staff"}})
    ASSERT_EQ(server
                  .cli({"user", "add", "--email", email, "--name", "Someone", "--org", "AB1C2",
                        "--role", role, "--password-stdin"},
                       std::string(kPassword) + "\n")
                  .exit_code,
              0);
  server.start();
  const std::string toolkit = "/orgs/" + std::to_string(org_id) + "/toolkit";
  const std::string start =
      "/orgs/" + std::to_string(org_id) + "/checklists/cyber-essentials/start";

  // Staff may read nothing private and start nothing.
  Client s = server.client();
  sign_in(s, staff, kPassword);
  EXPECT_EQ(s.post_form(start, {}).status, 403);

  Client c = server.client();
  sign_in_and_enrol(c, lead, kPassword);
  auto overview = c.get(toolkit);
  ASSERT_EQ(overview.status, 200);
  EXPECT_NE(overview.body.find("Start the Cyber Essentials checklist"), std::string::npos);
  EXPECT_EQ(
      c.post_form("/orgs/" + std::to_string(org_id) + "/checklists/no-such-list/start", {}).status,
      404);
  auto started = c.post_form(start, {});
  ASSERT_EQ(started.status, 303) << started.body.substr(0, 800);
  const std::string base = started.header("location");
  ASSERT_TRUE(std::regex_match(base, std::regex(toolkit + "/[0-9]+"))) << base;
  EXPECT_EQ(c.post_form(start, {}).header("location"), base) << "starting again: the same one";

  auto tasks = c.get(base);
  ASSERT_EQ(tasks.status, 200);
  EXPECT_NE(tasks.body.find("<strong>0</strong> of <strong>28</strong> checks in place"),
            std::string::npos)
      << tasks.body.substr(0, 3000);
  EXPECT_EQ(tasks.body.find("Check your answers and publish"), std::string::npos);
  EXPECT_EQ(tasks.body.find("Needed for Standards Met"), std::string::npos);

  EXPECT_EQ(c.post_form(base + "/items/firewalls.1", {{"answer", "yes"}}).status, 303);
  EXPECT_EQ(c.post_form(base + "/items/firewalls.2", {{"answer", "no"}}).status, 303);
  auto bad = c.post_form(base + "/items/firewalls.1", {{"answer", "perhaps"}});
  EXPECT_EQ(bad.status, 422);
  tasks = c.get(base);
  EXPECT_NE(tasks.body.find("<strong>1</strong> of <strong>28</strong> checks in place"),
            std::string::npos);

  // Never published: no check, plan or publish.
  EXPECT_EQ(c.get(base + "/check").status, 404);
  EXPECT_EQ(c.get(base + "/plan").status, 404);
  EXPECT_EQ(c.post_form(base + "/publish", {{"password", kPassword}}).status, 404);
  EXPECT_EQ(c.post_form(base + "/plan", {{"plan-firewalls.2-action", "Ask the supplier"}}).status,
            404);
  overview = c.get(toolkit);
  EXPECT_NE(overview.body.find("Continue the Cyber Essentials checklist"), std::string::npos);
  EXPECT_NE(overview.body.find("Not Published"), std::string::npos)
      << "a checklist never changes the toolkit status";
}

}  // namespace
}  // namespace cg::test
