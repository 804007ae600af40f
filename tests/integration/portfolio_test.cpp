// Oversight touch-points over HTTP on both databases: a support adviser sees the progress of
// the providers in their portfolio (and only those), and comments on an item that the
// provider's lead reads and answers; staff and another support organisation's adviser cannot.
#include <gtest/gtest.h>

#include <memory>

#include "core/clock.h"
#include "flows.h"
#include "harness.h"
#include "toolkit/content/loader.h"
#include "toolkit/portfolio/progress.h"
#include "toolkit/service.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "kettle orange bicycle";

class PortfolioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    library = std::make_unique<toolkit::Library>(
        toolkit::Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks"));
    server.prepare();
    ASSERT_TRUE(add_national_region_and_ics(server));
    auto add_org = [&](std::vector<std::string> args) {
      auto r = server.cli(std::move(args));
      EXPECT_EQ(r.exit_code, 0) << r.err;
      return std::stoll(last_line(r.out));
    };
    support_id = add_org({"org", "add", "--name", "Support NW", "--type", "support_org", "--ods",
                          "DSP01", "--parent", "Y62"});
    other_support_id = add_org({"org", "add", "--name", "Support Elsewhere", "--type",
                                "support_org", "--ods", "DSP02", "--parent", "Y62"});
    alpha_id = add_org({"org", "add", "--name", "Alpha Care", "--type", "care_home", "--ods",
                        "AA1A1", "--parent", "QYG", "--staff", "20"});
    beta_id = add_org({"org", "add", "--name", "Beta Care", "--type", "care_home", "--ods", "BB2B2",
                       "--parent", "QYG", "--staff", "20"});
    for (auto& [email, name, org, role] :
         std::vector<std::tuple<std::string&, std::string, std::string, std::string>>{
             {admin_email, "Nat Admin", "X26", "national_admin"},
             {lead_email, "Grace Lead", "AA1A1", "org_lead"},
             {staff_email, "Sam Staff", "AA1A1", "staff"},
             {adviser_email, "Ada Adviser", "DSP01", "support_adviser"},
             {other_adviser_email, "Otto Adviser", "DSP02", "support_adviser"}}) {
      email = unique_email(role);
      ASSERT_EQ(server
                    .cli({"user", "add", "--email", email, "--name", name, "--org", org, "--role",
                          role, "--password-stdin"},
                         std::string(kPassword) + "\n")
                    .exit_code,
                0)
          << email;
    }
    server.start();

    // The portfolios, through the web form: Alpha is Support NW's; Beta is the other's.
    Client admin = server.client();
    sign_in_and_enrol(admin, admin_email, kPassword);
    for (const auto& [support, code] :
         {std::pair{support_id, "AA1A1"}, std::pair{other_support_id, "BB2B2"}}) {
      admin.get("/orgs/" + std::to_string(support));
      auto added = admin.post_form("/orgs/" + std::to_string(support) + "/portfolio",
                                   {{"provider_code", code}});
      ASSERT_EQ(added.status, 303) << added.body.substr(0, 800);
    }

    // Alpha's lead starts the toolkit and answers one question.
    lead = std::make_unique<Client>(server.client());
    sign_in_and_enrol(*lead, lead_email, kPassword);
    auto started = lead->post_form("/orgs/" + std::to_string(alpha_id) + "/toolkit/start", {});
    ASSERT_EQ(started.status, 303) << started.body.substr(0, 500);
    alpha_base = started.header("location");
    lead->get(alpha_base + "/items/1.1");
    ASSERT_EQ(lead->post_form(alpha_base + "/items/1.1", {{"answer", "ZA123456"}}).status, 303);
  }

  std::unique_ptr<toolkit::Library> library;
  TestServer server;
  int64_t support_id = 0, other_support_id = 0, alpha_id = 0, beta_id = 0;
  std::string admin_email, lead_email, staff_email, adviser_email, other_adviser_email;
  std::unique_ptr<Client> lead;
  std::string alpha_base;
};

TEST_F(PortfolioTest, AdviserSeesProgressOfPortfolioProvidersOnly) {
  Client adviser = server.client();
  ASSERT_EQ(sign_in(adviser, adviser_email, kPassword).status, 303);
  const std::string progress_path = "/orgs/" + std::to_string(support_id) + "/portfolio/progress";
  auto page = adviser.get(progress_path);
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 800);
  EXPECT_TRUE(contains(page.body, "Alpha Care"));
  EXPECT_FALSE(contains(page.body, "Beta Care")) << "a provider outside the portfolio is listed";

  // The figures are those of Alpha's assessment: one item answered of those that apply.
  const toolkit::Framework* f = toolkit::current_edition(*library, clock::now());
  ASSERT_NE(f, nullptr);
  int applicable = 0, approaching_total = 0, approaching_met = 0, met_total = 0, met_met = 0;
  for (const toolkit::Item* item : f->all_items()) {
    if (!toolkit::item_applies(*item, "care_home", 20)) continue;
    ++applicable;
    const bool met = item->id == "1.1";
    if (item->mandatory == toolkit::Mandatory::approaching) {
      ++approaching_total;
      approaching_met += met;
    }
    if (item->mandatory != toolkit::Mandatory::none) {
      ++met_total;
      met_met += met;
    }
  }
  EXPECT_TRUE(contains(page.body, ">" + f->edition + "<")) << f->edition;
  EXPECT_TRUE(contains(page.body, "1 of " + std::to_string(applicable)));
  EXPECT_TRUE(
      contains(page.body,
               std::to_string(toolkit::portfolio::percent_of(approaching_met, approaching_total)) +
                   "% <span class=\"nhsuk-body-s\">(" + std::to_string(approaching_met) + " of " +
                   std::to_string(approaching_total) + ")"));
  EXPECT_TRUE(
      contains(page.body, std::to_string(toolkit::portfolio::percent_of(met_met, met_total)) +
                              "% <span class=\"nhsuk-body-s\">(" + std::to_string(met_met) +
                              " of " + std::to_string(met_total) + ")"));
  EXPECT_TRUE(contains(page.body, clock::human_date(clock::now())));
  EXPECT_TRUE(contains(page.body, "Not Published"));
  EXPECT_TRUE(contains(page.body, "href=\"" + alpha_base + "\""));

  // The adviser can read Alpha's task list, and nothing of Beta's.
  EXPECT_EQ(adviser.get(alpha_base).status, 200);
  EXPECT_EQ(adviser.get("/orgs/" + std::to_string(beta_id) + "/toolkit").status, 404);
  EXPECT_EQ(adviser.get("/orgs/" + std::to_string(beta_id) + "/portfolio/progress").status, 404);
  // Nor another support organisation's portfolio.
  EXPECT_EQ(adviser.get("/orgs/" + std::to_string(other_support_id) + "/portfolio/progress").status,
            404);
  // A provider's lead cannot see the support organisation's portfolio; nor a page that is not
  // a support organisation's.
  EXPECT_EQ(lead->get(progress_path).status, 404);
  EXPECT_EQ(lead->get("/orgs/" + std::to_string(alpha_id) + "/portfolio/progress").status, 404);

  // The other support organisation's adviser sees only Beta (not started yet).
  Client other = server.client();
  ASSERT_EQ(sign_in(other, other_adviser_email, kPassword).status, 303);
  auto other_page = other.get("/orgs/" + std::to_string(other_support_id) + "/portfolio/progress");
  ASSERT_EQ(other_page.status, 200);
  EXPECT_TRUE(contains(other_page.body, "Beta Care"));
  EXPECT_FALSE(contains(other_page.body, "Alpha Care"));
  EXPECT_TRUE(contains(other_page.body, "Not started"));
}

TEST_F(PortfolioTest, AdviserCommentsAndTheLeadReadsAndReplies) {
  const std::string comments = alpha_base + "/items/1.1/comments";
  Client adviser = server.client();
  ASSERT_EQ(sign_in(adviser, adviser_email, kPassword).status, 303);

  // The question page points to the comments.
  auto question = adviser.get(alpha_base + "/items/1.1");
  ASSERT_EQ(question.status, 200);
  EXPECT_TRUE(contains(question.body, "href=\"" + comments + "\"") ||
              contains(question.body, "action=\"" + comments + "\""));

  auto empty_page = adviser.get(comments);
  ASSERT_EQ(empty_page.status, 200);
  EXPECT_TRUE(contains(empty_page.body, "No comments yet"));
  EXPECT_TRUE(contains(empty_page.body, "name=\"body\""));

  // Empty and over-long comments are refused with the field named.
  auto blank = adviser.post_form(comments, {{"body", "   "}});
  EXPECT_EQ(blank.status, 422);
  EXPECT_TRUE(contains(blank.body, "href=\"#body\""));
  auto too_long = adviser.post_form(comments, {{"body", std::string(2001, 'x')}});
  EXPECT_EQ(too_long.status, 422);
  EXPECT_TRUE(contains(too_long.body, "2,000 characters or fewer"));

  auto added = adviser.post_form(
      comments, {{"body", "Please check <b>the ICO number</b> & renewal date.\nThanks"}});
  ASSERT_EQ(added.status, 303) << added.body.substr(0, 800);
  EXPECT_EQ(added.header("location"), comments);
  EXPECT_TRUE(contains(adviser.follow(added).body, "Your comment has been added"));

  // Alpha's lead sees it, escaped, with the author's name, and replies.
  auto seen = lead->get(comments);
  ASSERT_EQ(seen.status, 200);
  EXPECT_TRUE(contains(seen.body, "Ada Adviser"));
  EXPECT_TRUE(contains(seen.body, "&lt;b&gt;the ICO number&lt;/b&gt;"));
  EXPECT_FALSE(contains(seen.body, "<b>the ICO number</b>"));
  EXPECT_TRUE(contains(seen.body, "<p class=\"nhsuk-card__description\">Thanks</p>"));
  auto reply = lead->post_form(comments, {{"body", "Done: renewed last week."}});
  ASSERT_EQ(reply.status, 303) << reply.body.substr(0, 800);

  // Newest first, for the adviser too.
  auto both = adviser.get(comments);
  ASSERT_EQ(both.status, 200);
  const auto reply_at = both.body.find("Done: renewed last week.");
  const auto comment_at = both.body.find("the ICO number");
  ASSERT_NE(reply_at, std::string::npos);
  ASSERT_NE(comment_at, std::string::npos);
  EXPECT_LT(reply_at, comment_at);
  EXPECT_TRUE(contains(both.body, "Grace Lead"));
  EXPECT_TRUE(contains(both.body, "2 comments"));

  // Comments are audited in the provider's trail.
  auto audit = lead->get("/orgs/" + std::to_string(alpha_id) + "/audit");
  ASSERT_EQ(audit.status, 200);
  EXPECT_TRUE(contains(audit.body, "assessment.comment"));

  // Staff cannot read the comments or comment.
  Client staff = server.client();
  ASSERT_EQ(sign_in(staff, staff_email, kPassword).status, 303);
  auto staff_page = staff.get(comments);
  EXPECT_TRUE(staff_page.status == 403 || staff_page.status == 404) << staff_page.status;
  staff.get("/account");
  auto staff_post = staff.post_form(comments, {{"body", "Staff comment"}});
  EXPECT_TRUE(staff_post.status == 403 || staff_post.status == 404) << staff_post.status;

  // Another support organisation's adviser cannot see or comment: not found.
  Client other = server.client();
  ASSERT_EQ(sign_in(other, other_adviser_email, kPassword).status, 303);
  EXPECT_EQ(other.get(comments).status, 404);
  other.get("/account");
  EXPECT_EQ(other.post_form(comments, {{"body", "Sneaky comment"}}).status, 404);

  // An item that is not in the toolkit, or an assessment of another organisation: not found.
  adviser.get(comments);
  EXPECT_EQ(adviser.post_form(alpha_base + "/items/99.99/comments", {{"body", "x"}}).status, 404);
  adviser.get(comments);
  const std::string wrong_org =
      "/orgs/" + std::to_string(beta_id) + alpha_base.substr(alpha_base.find("/toolkit/"));
  EXPECT_EQ(adviser.post_form(wrong_org + "/items/1.1/comments", {{"body", "x"}}).status, 404);

  auto final_page = lead->get(comments);
  EXPECT_FALSE(contains(final_page.body, "Staff comment"));
  EXPECT_FALSE(contains(final_page.body, "Sneaky comment"));
  EXPECT_TRUE(contains(final_page.body, "2 comments"));
}

}  // namespace
}  // namespace cg::test
