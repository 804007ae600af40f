// The independent review over HTTP, on both databases: a lead publishes and asks an auditor;
// the auditor judges every item (one disagreement, one partial agreement) and finalises; the
// lead reads the review, the report and the new plan entries and gives them owners; the
// finalised review cannot change (through the pages or straight in the database); a member of
// staff and another organisation's lead can neither read nor change it.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "core/clock.h"
#include "flows.h"
#include "harness.h"
#include "store/database.h"
#include "toolkit/scoring/london_time.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "kettle orange bicycle";

using Fields = std::vector<std::pair<std::string, std::string>>;

// Every distinct first capture of `pattern` in `text`, in order.
std::vector<std::string> captures(const std::string& text, const std::string& pattern) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    if (seen.insert((*it)[1].str()).second) out.push_back((*it)[1].str());
  return out;
}

class ReviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server.prepare();
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"org", "add", "--name", "National", "--type", "national", "--ods", "X26"},
             {"org", "add", "--name", "North West", "--type", "region", "--ods", "Y62", "--parent",
              "X26"},
             {"org", "add", "--name", "Cheshire ICS", "--type", "ics", "--ods", "QYG", "--parent",
              "Y62"},
             {"org", "add", "--name", "Other Care", "--type", "care_home", "--ods", "CD3E4",
              "--parent", "QYG"}})
      ASSERT_EQ(server.cli(args).exit_code, 0);
    auto s = server.cli({"org", "add", "--name", "Support NW", "--type", "support_org", "--ods",
                         "DSP01", "--parent", "Y62"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    support_id = std::stoll(last_line(s.out));
    auto r = server.cli({"org", "add", "--name", "Sunnyside Care", "--type", "care_home", "--ods",
                         "AB1C2", "--parent", "QYG", "--staff", "20", "--people", "30"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    org_id = std::stoll(last_line(r.out));
    auto add = [&](const std::string& prefix, const std::string& name, const std::string& org,
                   const std::string& role, std::string* email) {
      *email = unique_email(prefix);
      auto res = server.cli({"user", "add", "--email", *email, "--name", name, "--org", org,
                             "--role", role, "--password-stdin"},
                            std::string(kPassword) + "\n");
      EXPECT_EQ(res.exit_code, 0) << res.err;
      return std::stoll(last_line(res.out));
    };
    lead_id = add("lead", "Grace Lead", "AB1C2", "org_lead", &lead_email);
    auditor_id = add("auditor", "Ada Auditor", "QYG", "auditor", &auditor_email);
    other_auditor_id = add("oaud", "Otto Elsewhere", "CD3E4", "auditor", &other_auditor_email);
    add("staff", "Sid Staff", "AB1C2", "staff", &staff_email);
    add("olead", "Olive Other", "CD3E4", "org_lead", &other_lead_email);
    adviser_id = add("adviser", "Sunita Adviser", "DSP01", "support_adviser", &adviser_email);
    add("slead", "Stan Support", "DSP01", "org_lead", &support_lead_email);
    add("ian", "Ian Inspector", "Y62", "auditor", &second_auditor_email);
    server.start();
  }

  // The lead starts, answers one item, plans every gap and publishes (Standards Not Met).
  void publish(Client& lead) {
    const std::string toolkit = "/orgs/" + std::to_string(org_id) + "/toolkit";
    auto started = lead.post_form(toolkit + "/start", {});
    ASSERT_EQ(started.status, 303) << started.body.substr(0, 500);
    assessment = started.header("location");
    lead.get(assessment + "/items/1.1");
    ASSERT_EQ(lead.post_form(assessment + "/items/1.1", {{"answer", "ZA123456"}}).status, 303);
    auto plan_page = lead.get(assessment + "/plan");
    gaps = captures(plan_page.body, R"(name="plan-([0-9.]+)-owner")");
    ASSERT_FALSE(gaps.empty());
    Fields plan;
    const std::string target = toolkit::london_date(clock::now() + 60 * 86400);
    for (const auto& id : gaps) {
      plan.push_back({"plan-" + id + "-action", "Sort out " + id});
      plan.push_back({"plan-" + id + "-owner", "Grace"});
      plan.push_back({"plan-" + id + "-date", target});
    }
    ASSERT_EQ(lead.post_form(assessment + "/plan", plan).status, 303);
    lead.get(assessment + "/check");
    auto published = lead.post_form(assessment + "/publish", {{"password", kPassword}});
    ASSERT_EQ(published.status, 303) << published.body.substr(0, 800);
    auto listing = lead.get(assessment + "/publications");
    auto ids = captures(listing.body, R"(/publications/([0-9]+)/)");
    ASSERT_FALSE(ids.empty()) << listing.body.substr(0, 800);
    for (const auto& id : ids) ASSERT_EQ(id, ids[0]);  // one publication, linked several ways
    publication = assessment + "/publications/" + ids[0];
    // The listing links to the review of each publication.
    EXPECT_TRUE(contains(listing.body, "href=\"" + publication + "/review\"")) << listing.body;
    review = publication + "/review";
  }

  TestServer server;
  int64_t support_id = 0;
  int64_t org_id = 0, lead_id = 0, auditor_id = 0, other_auditor_id = 0, adviser_id = 0;
  std::string lead_email, auditor_email, other_auditor_email, staff_email, other_lead_email,
      adviser_email, support_lead_email, second_auditor_email;
  std::string assessment, publication, review;
  std::vector<std::string> gaps;
};

TEST_F(ReviewTest, AuditorReviewsLeadSeesItAndNobodyCanChangeItOnceFinalised) {
  Client lead = server.client();
  sign_in_and_enrol(lead, lead_email, kPassword);
  publish(lead);
  if (HasFatalFailure()) return;

  // The lead is offered the people with review rights over the organisation, and only them.
  auto page = lead.get(review);
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 800);
  EXPECT_TRUE(contains(page.body, "Ask for an independent review"));
  EXPECT_TRUE(contains(page.body, "Ada Auditor"));
  EXPECT_FALSE(contains(page.body, "Otto Elsewhere"));  // an auditor of another provider
  EXPECT_FALSE(contains(page.body, "Sunita Adviser"));  // not (yet) in her portfolio

  // Once the support organisation has the provider in its portfolio, its adviser is offered.
  Client support = server.client();
  sign_in_and_enrol(support, support_lead_email, kPassword);
  support.get("/orgs/" + std::to_string(support_id));
  auto added = support.post_form("/orgs/" + std::to_string(support_id) + "/portfolio",
                                 {{"provider_code", "AB1C2"}});
  EXPECT_EQ(added.status, 303) << added.body.substr(0, 600);
  EXPECT_FALSE(contains(lead.get(review).body, "Sunita Adviser")) << "asked, not yet accepted";
  EXPECT_EQ(accept_support_request(lead, org_id).status, 303);
  EXPECT_TRUE(contains(lead.get(review).body, "Sunita Adviser"));

  // Someone without review rights, or the lead themself, cannot be asked.
  auto wrong =
      lead.post_form(review + "/request", {{"reviewer", std::to_string(other_auditor_id)}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(contains(wrong.body, "href=\"#reviewer\""));
  lead.get(review);
  EXPECT_EQ(lead.post_form(review + "/request", {{"reviewer", std::to_string(lead_id)}}).status,
            422);
  lead.get(review);
  EXPECT_EQ(lead.post_form(review + "/request", {{"reviewer", ""}}).status, 422);
  lead.get(review);
  auto asked = lead.post_form(review + "/request", {{"reviewer", std::to_string(auditor_id)}});
  ASSERT_EQ(asked.status, 303) << asked.body.substr(0, 800);
  EXPECT_TRUE(contains(lead.follow(asked).body, "Ada Auditor has been asked"));

  // The auditor reviews: the form lists every item that applied.
  Client auditor = server.client();
  auto signed_in = sign_in(auditor, auditor_email, kPassword);
  ASSERT_EQ(signed_in.status, 303);
  auto form = auditor.get(review);
  ASSERT_EQ(form.status, 200) << form.body.substr(0, 800);
  EXPECT_TRUE(contains(form.body, "Save your review"));
  EXPECT_TRUE(contains(form.body, "Published answer: ZA123456 (met)"));
  const auto items = captures(form.body, R"re(name="judgement-([0-9.]+)")re");
  ASSERT_GT(items.size(), 20u);
  const std::string gap = gaps.front();
  ASSERT_NE(std::find(items.begin(), items.end(), gap), items.end()) << gap;

  // Finalising before the review is complete names what is missing.
  auto early = auditor.post_form(review + "/finalise", {});
  EXPECT_EQ(early.status, 422);
  EXPECT_TRUE(contains(early.body, "You have not judged"));
  EXPECT_TRUE(contains(early.body, "href=\"#assurance\""));

  // A disagreement needs a note before finalising, but a draft may be saved without one.
  auditor.get(review);
  auto draft = auditor.post_form(review, {{"judgement-" + gap, "disagree"}});
  EXPECT_EQ(draft.status, 303) << draft.body.substr(0, 800);
  auditor.get(review);
  auto bad = auditor.post_form(review, {{"judgement-1.1", "maybe"}, {"assurance", "total"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "href=\"#judgement-1.1\""));

  const std::string disagreement = "No record of a tested backup restore";
  const std::string partial = "The ICO number is not on the public register yet";
  Fields judgements;
  for (const auto& id : items) {
    if (id == gap) {
      judgements.push_back({"judgement-" + id, "disagree"});
      judgements.push_back({"note-" + id, disagreement});
    } else if (id == "1.1") {
      judgements.push_back({"judgement-" + id, "partly"});
      judgements.push_back({"note-" + id, partial});
    } else {
      judgements.push_back({"judgement-" + id, "agree"});
      judgements.push_back({"note-" + id, ""});
    }
  }
  judgements.push_back({"good_practice", "Clear records of staff training.\nA named lead."});
  judgements.push_back({"improvements", "Test restoring backups."});
  judgements.push_back({"assurance", "limited"});
  auditor.get(review);
  auto saved = auditor.post_form(review, judgements);
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 1500);
  auto again = auditor.follow(saved);
  EXPECT_TRUE(contains(again.body, "Your review has been saved"));
  EXPECT_TRUE(contains(again.body, disagreement));

  // While it is open, the lead sees who is reviewing but cannot change the review.
  auto waiting = lead.get(review);
  EXPECT_EQ(waiting.status, 200);
  EXPECT_TRUE(contains(waiting.body, "Ada Auditor is reviewing this publication"));
  EXPECT_FALSE(contains(waiting.body, disagreement));
  EXPECT_EQ(lead.post_form(review, {{"judgement-1.1", "agree"}}).status, 403);
  lead.get(review);
  EXPECT_EQ(lead.post_form(review + "/finalise", {}).status, 403);

  // A member of staff and another organisation's lead can neither see nor change it.
  Client staff = server.client();
  ASSERT_EQ(sign_in(staff, staff_email, kPassword).status, 303);
  staff.get("/account");
  EXPECT_EQ(staff.get(review).status, 403);
  staff.get("/account");
  EXPECT_EQ(staff.post_form(review, {{"judgement-1.1", "agree"}}).status, 403);
  staff.get("/account");
  EXPECT_EQ(staff.post_form(review + "/finalise", {}).status, 403);
  Client other = server.client();
  sign_in_and_enrol(other, other_lead_email, kPassword);
  for (const std::string& path : {review, review + "/report"}) {
    auto r = other.get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_FALSE(contains(r.body, "Sunnyside Care"));
  }
  other.get("/account");
  for (const std::string& path :
       {review, review + "/finalise", review + "/request", review + "/plan"}) {
    EXPECT_EQ(other
                  .post_form(path, {{"judgement-1.1", "agree"},
                                    {"reviewer", std::to_string(other_auditor_id)}})
                  .status,
              404)
        << path;
    other.get("/account");
  }
  // An auditor of the region, who was not asked, may read it but not change it.
  Client inspector = server.client();
  ASSERT_EQ(sign_in(inspector, second_auditor_email, kPassword).status, 303);
  auto looking = inspector.get(review);
  EXPECT_EQ(looking.status, 200);
  EXPECT_FALSE(contains(looking.body, "Save your review"));
  EXPECT_EQ(inspector.post_form(review, {{"judgement-1.1", "agree"}}).status, 403);

  // The auditor finalises.
  auditor.get(review);
  auto finalised = auditor.post_form(review + "/finalise", {});
  ASSERT_EQ(finalised.status, 303) << finalised.body.substr(0, 1500);
  auto done = auditor.follow(finalised);
  EXPECT_TRUE(contains(done.body, "The review has been finalised"));
  EXPECT_FALSE(contains(done.body, "Save your review"));

  // Nobody can change it now.
  auditor.get(review);
  auto change = auditor.post_form(review, {{"judgement-1.1", "agree"}, {"note-1.1", ""}});
  EXPECT_EQ(change.status, 409) << change.body.substr(0, 600);
  auditor.get(review);
  EXPECT_EQ(auditor.post_form(review + "/finalise", {}).status, 409);
  lead.get(review);
  EXPECT_EQ(lead.post_form(review + "/request", {{"reviewer", std::to_string(auditor_id)}}).status,
            409);

  // The lead reads the review, with the plan entries it made.
  auto seen = lead.get(review);
  ASSERT_EQ(seen.status, 200);
  EXPECT_TRUE(contains(seen.body, "Limited assurance"));
  EXPECT_TRUE(contains(seen.body, "Clear records of staff training."));
  EXPECT_TRUE(contains(seen.body, "Reviewer: " + disagreement));
  EXPECT_TRUE(contains(seen.body, "Reviewer: " + partial));
  EXPECT_FALSE(contains(seen.body, "Save your review"));
  // The item already on the plan keeps its action, owner and date and gains the reviewer's.
  auto plan = lead.get(assessment + "/plan");
  EXPECT_TRUE(contains(plan.body, "Sort out " + gap + "\nReviewer: " + disagreement))
      << plan.body.substr(0, 2000);
  // The report prints.
  auto report = lead.get(review + "/report");
  ASSERT_EQ(report.status, 200);
  EXPECT_TRUE(contains(report.body, "Independent review report"));
  EXPECT_TRUE(contains(report.body, "data-cg-print"));
  EXPECT_TRUE(contains(report.body, "cg-no-print"));
  EXPECT_TRUE(contains(report.body, "Ada Auditor"));
  EXPECT_TRUE(contains(report.body, partial));
  EXPECT_EQ(staff.get(review + "/report").status, 403);

  // The lead gives the new entry an owner and a date.
  const std::string target = toolkit::london_date(clock::now() + 90 * 86400);
  lead.get(review);
  auto planned = lead.post_form(review + "/plan", {{"plan-1.1-owner", "Sam Manager"},
                                                   {"plan-1.1-date", target},
                                                   {"plan-" + gap + "-owner", "Grace"},
                                                   {"plan-" + gap + "-date", target}});
  ASSERT_EQ(planned.status, 303) << planned.body.substr(0, 1500);
  auto with_owner = lead.follow(planned);
  EXPECT_TRUE(contains(with_owner.body, "value=\"Sam Manager\""));
  lead.get(review);
  auto bad_date = lead.post_form(review + "/plan", {{"plan-1.1-date", "someday"}});
  EXPECT_EQ(bad_date.status, 422);
  EXPECT_TRUE(contains(bad_date.body, "href=\"#plan-1.1-date\""));
  auditor.get(review);
  EXPECT_EQ(auditor.post_form(review + "/plan", {{"plan-1.1-owner", "Auditor"}}).status, 403);

  // Every change is in the audit trail.
  auto audit = lead.get("/orgs/" + std::to_string(org_id) + "/audit");
  for (const char* action : {"review.request", "review.save", "review.finalise"})
    EXPECT_TRUE(contains(audit.body, action)) << action;

  // The database itself refuses to change a finalised review.
  auto db = store::open(server.database_url(), 1);
  const int64_t review_id = db->read(
      [](store::Connection& c) { return c.exec("SELECT id FROM reviews").one().integer(0); });
  const std::vector<std::pair<std::string, std::vector<store::Value>>> attempts = {
      {"UPDATE review_items SET note = 'changed' WHERE review_id = ?", {review_id}},
      {"UPDATE review_items SET judgement = 'agree' WHERE review_id = ?", {review_id}},
      {"DELETE FROM review_items WHERE review_id = ?", {review_id}},
      {"INSERT INTO review_items (review_id, item_id, judgement, note, updated_at) VALUES (?, "
       "'99.9', 'agree', '', 0)",
       {review_id}},
      {"UPDATE reviews SET assurance = 'substantial' WHERE id = ?", {review_id}},
      {"UPDATE reviews SET finalised_at = NULL WHERE id = ?", {review_id}},
      {"DELETE FROM reviews WHERE id = ?", {review_id}},
  };
  for (const auto& attempt : attempts)
    EXPECT_ANY_THROW(db->transaction([&](store::Connection& c) {
      c.exec(attempt.first, attempt.second);
    })) << attempt.first;
  const auto count = db->read([&](store::Connection& c) {
    return c
        .exec("SELECT COUNT(*) FROM review_items WHERE review_id = ? AND judgement <> 'agree'",
              {review_id})
        .one()
        .integer(0);
  });
  EXPECT_EQ(count, 2);
}

}  // namespace
}  // namespace cg::test
