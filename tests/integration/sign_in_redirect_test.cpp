// Where signing in leads: the next= a page asked for when it is a path on this site, and the
// home page for anything a browser could read as another site.
#include <gtest/gtest.h>

#include <string>

#include "flows.h"
#include "harness.h"

namespace cg::test {
namespace {

constexpr const char* kPassword = "kettle orange bicycle";

class SignInRedirectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(add_national_region_and_ics(server));
    auto r = server.cli({"org", "add", "--name", "Sunnyside Care", "--type", "care_home", "--ods",
                         "AB1C2", "--parent", "QYG"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Staff need no second step, so signing in goes straight to next=.
    staff_email = unique_email("staff");
    auto u = server.cli({"user", "add", "--email", staff_email, "--name", "Sam Staff", "--org",
                         "AB1C2", "--role", "staff", "--password-stdin"},
                        std::string(kPassword) + "\n");
    ASSERT_EQ(u.exit_code, 0) << u.err;
    server.start();
  }

  // Opens /sign-in?next=<query> as a browser would, then signs in with the form's own next
  // field; returns the Location signing in redirects to.
  std::string location_after_sign_in(const std::string& query) {
    Client c = server.client();
    auto page = c.get("/sign-in?next=" + query);
    EXPECT_EQ(page.status, 200);
    // The hidden field holds the decoded value; send back what the page holds.
    const std::string next = hidden_next(page.body);
    auto r =
        c.post_form("/sign-in", {{"email", staff_email}, {"password", kPassword}, {"next", next}});
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 800);
    return r.header("location");
  }

  // The value of <input type="hidden" name="next" value="...">, with the entities mustache
  // writes turned back into characters.
  static std::string hidden_next(const std::string& html) {
    const std::string marker = "name=\"next\" value=\"";
    const size_t at = html.find(marker);
    if (at == std::string::npos) return "";
    const size_t end = html.find('"', at + marker.size());
    std::string v = html.substr(at + marker.size(), end - at - marker.size());
    const std::pair<const char*, const char*> entities[] = {
        {"&#39;", "'"}, {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}};
    for (const auto& [entity, ch] : entities)
      for (size_t p = v.find(entity); p != std::string::npos; p = v.find(entity, p))
        v.replace(p, std::string(entity).size(), ch);
    return v;
  }

  TestServer server;
  std::string staff_email;
};

TEST_F(SignInRedirectTest, ATabOrOtherTrickAfterTheSlashLeadsHome) {
  const char* attacks[] = {
      "%2F%09%2Fevil.example%2Fphish",  // the finding: "/<TAB>/evil.example/phish"
      "%2F%0A%2Fevil.example",
      "%2F%0D%2Fevil.example",
      "%2F%2Fevil.example",
      "%2F%5Cevil.example",
      "%2F%20%2Fevil.example",
      "https%3A%2F%2Fevil.example",
      "%2F%2509%2Fevil.example",  // decodes to "/%09/evil.example"
  };
  for (const char* query : attacks) EXPECT_EQ(location_after_sign_in(query), "/") << query;
}

TEST_F(SignInRedirectTest, APathOnThisSiteIsFollowed) {
  EXPECT_EQ(location_after_sign_in("%2Faccount"), "/account");
  EXPECT_EQ(location_after_sign_in("%2Forgs%3Fq%3Dcare%2520home"), "/orgs?q=care%20home");
}

}  // namespace
}  // namespace cg::test
