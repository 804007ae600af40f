// The JSON API driven over HTTP with personal API tokens: authentication, the token's
// organisation scope, creating and changing organisations, people and invitations, the audit
// trail, and the problem+json answers to bad input.
//
// The data is made with the command line, as an operator would:
//   careguard org add --name N --type T [--ods CODE] [--parent CODE]     (prints the new id)
//   careguard user add --email E --name N --org CODE --role ROLE --password-stdin
//   careguard token create --email E --org CODE --name N                 (prints the token)
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "flows.h"
#include "harness.h"

namespace cg::test {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "kettle orange bicycle lantern";

Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

Headers bearer_json(const std::string& token, const std::string& type = "application/json") {
  return {
      {"Authorization", "Bearer " + token}, {"Content-Type", type}, {"Accept", "application/json"}};
}

json body_of(const HttpResponse& r) { return json::parse(r.body, nullptr, false); }

// Checks an RFC 9457 problem with the given status and returns its body.
json expect_problem(const HttpResponse& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_NE(r.header("content-type").find("application/problem+json"), std::string::npos)
      << r.header("content-type");
  json problem = body_of(r);
  EXPECT_TRUE(problem.is_object()) << r.body;
  if (!problem.is_object()) return json::object();
  EXPECT_EQ(problem.value("status", 0), status) << r.body;
  EXPECT_FALSE(problem.value("title", "").empty()) << r.body;
  return problem;
}

bool names_field(const json& problem, const std::string& field) {
  if (!problem.contains("errors") || !problem["errors"].is_array()) return false;
  for (const auto& e : problem["errors"])
    if (e.value("field", "") == field && !e.value("message", "").empty()) return true;
  return false;
}

std::set<int64_t> ids_in(const json& list) {
  std::set<int64_t> ids;
  if (list.contains("data"))
    for (const auto& item : list["data"]) ids.insert(item.value("id", int64_t{0}));
  return ids;
}

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      server_ = std::make_unique<TestServer>();
      national_ = add_org("National team", "national", "X26", "");
      region_ = add_org("North East and Yorkshire", "region", "Y63", "X26");
      ics_ = add_org("Riverside Integrated Care System", "ics", "QHM", "Y63");
      provider_a_ = add_org("Amberleigh Care", "care_home", "AAA11", "QHM");
      provider_b_ = add_org("Birchwood Homes", "care_home", "BBB22", "QHM");

      lead_a_email_ = unique_email("lead-a");
      add_user(lead_a_email_, "Alex Amber", "AAA11", "org_lead");
      add_user(unique_email("lead-b"), "Billie Birch", "BBB22", "org_lead");
      lead_b_email_ = last_user_email_;
      staff_a_email_ = unique_email("staff-a");
      add_user(staff_a_email_, "Sam Staff", "AAA11", "staff");
      leaver_email_ = unique_email("leaver-a");
      add_user(leaver_email_, "Lee Leaver", "AAA11", "staff");

      for (const auto& lead : {lead_a_email_, lead_b_email_}) enrol_mfa_in_database(*server_, lead);
      lead_a_token_ = make_token(lead_a_email_, "AAA11");
      lead_b_token_ = make_token(lead_b_email_, "BBB22");
      staff_a_token_ = make_token(staff_a_email_, "AAA11");
      server_->start();
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }

  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    if (!setup_error_.empty()) FAIL() << "setting up the API test data failed: " << setup_error_;
    client_ = std::make_unique<Client>(server_->base_url());
  }

  static CliResult run(const std::vector<std::string>& args, const std::string& in = "") {
    CliResult r = server_->cli(args, in);
    if (r.exit_code != 0) {
      std::string cmd;
      for (const auto& a : args) cmd += " " + a;
      throw std::runtime_error("`careguard" + cmd + "` exited " + std::to_string(r.exit_code) +
                               "\nstdout: " + r.out + "\nstderr: " + r.err);
    }
    return r;
  }

  static int64_t add_org(const std::string& name, const std::string& type, const std::string& ods,
                         const std::string& parent) {
    std::vector<std::string> args = {"org", "add", "--name", name, "--type", type, "--ods", ods};
    if (!parent.empty()) {
      args.push_back("--parent");
      args.push_back(parent);
    }
    CliResult r = run(args);
    const std::string id = last_line(r.out);
    try {
      size_t used = 0;
      int64_t value = std::stoll(id, &used);
      if (used == id.size() && value > 0) return value;
    } catch (const std::exception&) {
    }
    throw std::runtime_error("`careguard org add` did not print an id: " + r.out);
  }

  static void add_user(const std::string& email, const std::string& name, const std::string& org,
                       const std::string& role) {
    run({"user", "add", "--email", email, "--name", name, "--org", org, "--role", role,
         "--password-stdin"},
        std::string(kPassword) + "\n");
    last_user_email_ = email;
  }

  static std::string make_token(const std::string& email, const std::string& org) {
    CliResult r = run({"token", "create", "--email", email, "--org", org, "--name", "API tests"});
    std::string token = last_line(r.out);
    if (token.empty() || token.find(' ') != std::string::npos)
      throw std::runtime_error("`careguard token create` did not print a token: " + r.out);
    return token;
  }

  static std::string org_path(int64_t id, const std::string& rest = "") {
    return "/api/v1/orgs/" + std::to_string(id) + rest;
  }

  HttpResponse get(const std::string& path, const std::string& token) {
    return client_->get(path, bearer(token));
  }
  HttpResponse send(const std::string& method, const std::string& path, const std::string& token,
                    const std::string& body, const std::string& type = "application/json") {
    return client_->request(method, path, body, bearer_json(token, type));
  }

  static inline std::unique_ptr<TestServer> server_;
  static inline std::string setup_error_;
  static inline int64_t national_ = 0, region_ = 0, ics_ = 0, provider_a_ = 0, provider_b_ = 0;
  static inline std::string lead_a_email_, lead_b_email_, staff_a_email_, leaver_email_,
      last_user_email_;
  static inline std::string lead_a_token_, lead_b_token_, staff_a_token_;
  std::unique_ptr<Client> client_;
};

TEST_F(ApiTest, RequestsWithoutAValidTokenGet401ProblemJson) {
  {
    SCOPED_TRACE("no Authorization header");
    HttpResponse r = client_->get("/api/v1/me");
    expect_problem(r, 401);
    EXPECT_EQ(r.header("www-authenticate"), "Bearer");
  }
  for (const std::string& value :
       std::vector<std::string>{"Bearer cg_" + random_hex(16), "Bearer ", "Basic " + random_hex(8),
                                "Bearer " + lead_a_token_ + "x"}) {
    SCOPED_TRACE(value);
    HttpResponse r = client_->get("/api/v1/orgs", {{"Authorization", value}});
    expect_problem(r, 401);
  }
  // A token is not a session: it never opens the HTML pages.
  HttpResponse page = client_->get("/orgs", bearer(lead_a_token_));
  EXPECT_NE(page.status, 200);
}

TEST_F(ApiTest, MeDescribesThePersonAndTheTokensOrganisation) {
  HttpResponse r = get("/api/v1/me", lead_a_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos);
  json me = body_of(r);
  EXPECT_EQ(me.value("email", ""), lead_a_email_);
  EXPECT_EQ(me.value("name", ""), "Alex Amber");
  EXPECT_GT(me.value("id", int64_t{0}), 0);
  ASSERT_TRUE(me["organisation"].is_object()) << r.body;
  EXPECT_EQ(me["organisation"].value("id", int64_t{0}), provider_a_);
  EXPECT_EQ(me["organisation"].value("name", ""), "Amberleigh Care");
  std::set<std::string> roles;
  for (const auto& role : me["roles"]) roles.insert(role.value("role", ""));
  EXPECT_EQ(roles, std::set<std::string>{"org_lead"}) << r.body;
  EXPECT_EQ(r.body.find(lead_a_token_), std::string::npos) << "the token must not be echoed";
}

TEST_F(ApiTest, OrgListShowsOnlyTheTokensScope) {
  // Follow the cursor one organisation at a time, to check pagination as well as scope.
  std::set<int64_t> seen;
  std::string path = "/api/v1/orgs?limit=1";
  for (int page = 0; page < 50; ++page) {
    HttpResponse r = get(path, lead_a_token_);
    ASSERT_EQ(r.status, 200) << r.body;
    json list = body_of(r);
    ASSERT_TRUE(list["data"].is_array()) << r.body;
    EXPECT_LE(list["data"].size(), 1u);
    for (int64_t id : ids_in(list)) EXPECT_TRUE(seen.insert(id).second) << "repeated " << id;
    ASSERT_TRUE(list.contains("next_cursor")) << r.body;
    if (list["next_cursor"].is_null()) break;
    path = "/api/v1/orgs?limit=1&cursor=" + url_encode(list["next_cursor"].get<std::string>());
  }
  EXPECT_TRUE(seen.count(provider_a_));
  for (int64_t hidden : {provider_b_, ics_, region_, national_})
    EXPECT_FALSE(seen.count(hidden)) << hidden;

  json b_list = body_of(get("/api/v1/orgs", lead_b_token_));
  EXPECT_TRUE(ids_in(b_list).count(provider_b_)) << b_list.dump();
  EXPECT_FALSE(ids_in(b_list).count(provider_a_)) << b_list.dump();

  // Searching for another provider's code finds nothing rather than revealing it.
  json search = body_of(get("/api/v1/orgs?q=BBB22", lead_a_token_));
  EXPECT_TRUE(search["data"].empty()) << search.dump();
  json own = body_of(get("/api/v1/orgs?q=amberleigh", lead_a_token_));
  EXPECT_TRUE(ids_in(own).count(provider_a_)) << own.dump();
}

TEST_F(ApiTest, BadPaginationParametersGet400NamingThem) {
  for (const std::string& limit : std::vector<std::string>{"0", "201", "ten", "-1", "1.5"}) {
    SCOPED_TRACE(limit);
    json p = expect_problem(get("/api/v1/orgs?limit=" + limit, lead_a_token_), 400);
    EXPECT_TRUE(names_field(p, "limit")) << p.dump();
  }
  for (const std::string& cursor : std::vector<std::string>{"nonsense", "MTIz", random_hex(40)}) {
    SCOPED_TRACE(cursor);
    json p = expect_problem(get("/api/v1/orgs?cursor=" + cursor, lead_a_token_), 400);
    EXPECT_TRUE(names_field(p, "cursor")) << p.dump();
    json q =
        expect_problem(get(org_path(provider_a_, "/audit?cursor=" + cursor), lead_a_token_), 400);
    EXPECT_TRUE(names_field(q, "cursor")) << q.dump();
  }
  EXPECT_EQ(get("/api/v1/orgs?limit=200", lead_a_token_).status, 200);
}

TEST_F(ApiTest, CreatingASiteUnderTheProviderIsAuditable) {
  json site = {
      {"parent_id", provider_a_}, {"name", "Amberleigh Court"},       {"type", "care_home"},
      {"ods_code", "v12345"},     {"cqc_location_id", "1-123456789"}, {"staff_count", 42},
      {"people_supported", 30}};
  HttpResponse r = send("POST", "/api/v1/orgs", lead_a_token_, site.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  json created = body_of(r);
  const int64_t id = created.value("id", int64_t{0});
  ASSERT_GT(id, 0) << r.body;
  EXPECT_EQ(r.header("location"), org_path(id));
  EXPECT_EQ(created.value("parent_id", int64_t{0}), provider_a_);
  EXPECT_EQ(created.value("name", ""), "Amberleigh Court");
  EXPECT_EQ(created.value("type", ""), "care_home");
  EXPECT_EQ(created.value("ods_code", ""), "V12345") << "ODS codes are upper-cased";
  EXPECT_EQ(created.value("staff_count", int64_t{-1}), 42);
  EXPECT_EQ(created.value("people_supported", int64_t{-1}), 30);

  HttpResponse read = get(r.header("location"), lead_a_token_);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(body_of(read).value("name", ""), "Amberleigh Court");
  EXPECT_TRUE(ids_in(body_of(get("/api/v1/orgs?limit=200", lead_a_token_))).count(id));
  // Another provider's lead cannot see it.
  expect_problem(get(org_path(id), lead_b_token_), 404);

  HttpResponse audit = get(org_path(id, "/audit"), lead_a_token_);
  ASSERT_EQ(audit.status, 200) << audit.body;
  json entries = body_of(audit);
  ASSERT_TRUE(entries["data"].is_array()) << audit.body;
  bool found = false;
  for (const auto& e : entries["data"])
    if (e.value("action", "") == "org.create" && e.value("target_id", "") == std::to_string(id)) {
      found = true;
      ASSERT_TRUE(e["actor"].is_object()) << e.dump();
      EXPECT_EQ(e["actor"].value("name", ""), "Alex Amber");
      EXPECT_FALSE(e.value("hash", "").empty());
    }
  EXPECT_TRUE(found) << audit.body;
  EXPECT_TRUE(entries.contains("next_cursor"));
}

TEST_F(ApiTest, ValidationErrorsNameTheField) {
  struct Case {
    std::string why;
    json body;
    std::string field;
  };
  const json base = {{"parent_id", provider_a_}, {"name", "Rejected site"}, {"type", "care_home"}};
  auto with = [&](const std::string& key, const json& value) {
    json b = base;
    b[key] = value;
    return b;
  };
  std::vector<Case> cases = {
      {"count as text", with("staff_count", "many"), "staff_count"},
      {"fractional count", with("staff_count", 2.5), "staff_count"},
      {"negative count", with("people_supported", -3), "people_supported"},
      {"count as boolean", with("people_supported", true), "people_supported"},
      {"unknown field", with("colour", "blue"), "colour"},
      {"empty name", with("name", ""), "name"},
      {"name not a string", with("name", 12), "name"},
      {"unknown type", with("type", "spaceship"), "type"},
      {"malformed ODS code", with("ods_code", "no good!"), "ods_code"},
      {"malformed CQC id", with("cqc_location_id", "CQC-1"), "cqc_location_id"},
      {"parent id as text", with("parent_id", "one"), "parent_id"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.why);
    json p = expect_problem(send("POST", "/api/v1/orgs", lead_a_token_, c.body.dump()), 422);
    EXPECT_TRUE(names_field(p, c.field)) << p.dump();
  }
  // A type that cannot sit beneath a care provider is refused by the organisation rules.
  json p = expect_problem(
      send("POST", "/api/v1/orgs", lead_a_token_, with("type", "region").dump()), 422);
  EXPECT_TRUE(names_field(p, "type")) << p.dump();
  // Nothing was created by any of them.
  json search = body_of(get("/api/v1/orgs?q=Rejected", lead_a_token_));
  EXPECT_TRUE(search["data"].empty()) << search.dump();
}

TEST_F(ApiTest, MalformedJsonGets400) {
  for (const std::string& body :
       std::vector<std::string>{"{", "{\"name\": }", "not json", "[1, 2]", "\"a string\"", "",
                                // A number too big for a double was a 500 (found by fuzz_api_json).
                                "{\"name\": \"Oak\", \"staff_count\": 1e400}"}) {
    SCOPED_TRACE(body);
    json p = expect_problem(send("POST", "/api/v1/orgs", lead_a_token_, body), 400);
    EXPECT_FALSE(p.value("detail", "").empty()) << p.dump();
  }
  expect_problem(send("PATCH", org_path(provider_a_), lead_a_token_, "{\"name\":"), 400);
  expect_problem(send("POST", org_path(provider_a_, "/invitations"), lead_a_token_, "{oops}"), 400);
}

// Bytes that are not UTF-8 are quoted back in the problem's detail (the JSON parser's "last
// read") or instance (the path): they used to make the problem+json dump() throw, a 500.
TEST_F(ApiTest, BytesThatAreNotUtf8Get4xxNot500) {
  json p = expect_problem(
      send("POST", "/api/v1/orgs", lead_a_token_, "{\"name\": \"Oak\xff House\"}"), 400);
  EXPECT_NE(p.value("detail", "").find("not valid JSON"), std::string::npos) << p.dump();
  expect_problem(get(org_path(provider_a_, "/assessments/1/answers/%FF/history"), lead_a_token_),
                 404);
  expect_problem(get("/api/v1/orgs/%FF%FE", lead_a_token_), 404);
}

TEST_F(ApiTest, BodiesThatAreNotJsonGet415) {
  const std::string body =
      json{{"parent_id", provider_a_}, {"name", "Form site"}, {"type", "care_home"}}.dump();
  for (const std::string& type : std::vector<std::string>{
           "text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
    SCOPED_TRACE(type);
    expect_problem(send("POST", "/api/v1/orgs", lead_a_token_, body, type), 415);
    expect_problem(send("PATCH", org_path(provider_a_), lead_a_token_, "{\"name\":\"x\"}", type),
                   415);
  }
  HttpResponse none = client_->request("POST", "/api/v1/orgs", body, bearer(lead_a_token_));
  EXPECT_EQ(none.status, 415) << none.body;
  // A charset parameter is fine.
  HttpResponse charset = send("PATCH", org_path(provider_a_), lead_a_token_,
                              "{\"staff_count\": 60}", "application/json; charset=utf-8");
  EXPECT_EQ(charset.status, 200) << charset.body;
}

TEST_F(ApiTest, ATokenForOneProviderGets404ForAnother) {
  const std::string valid_patch = json{{"name", "Taken over"}}.dump();
  const std::string valid_invite =
      json{{"email", unique_email("intruder")}, {"name", "Ivy Intruder"}, {"role", "staff"}}.dump();
  struct Probe {
    std::string method, path, body;
  };
  for (int64_t target : {provider_b_, ics_, int64_t{987654321}}) {
    std::vector<Probe> probes = {
        {"GET", org_path(target), ""},
        {"PATCH", org_path(target), valid_patch},
        {"GET", org_path(target, "/people"), ""},
        {"GET", org_path(target, "/invitations"), ""},
        {"POST", org_path(target, "/invitations"), valid_invite},
        {"DELETE", org_path(target, "/invitations/1"), ""},
        {"DELETE", org_path(target, "/memberships/1"), ""},
        {"GET", org_path(target, "/audit"), ""},
    };
    for (const auto& p : probes) {
      SCOPED_TRACE(p.method + " " + p.path);
      HttpResponse r = p.body.empty()
                           ? client_->request(p.method, p.path, "", bearer(lead_a_token_))
                           : send(p.method, p.path, lead_a_token_, p.body);
      expect_problem(r, 404);
    }
  }
  // Adding a site beneath the other provider is refused the same way.
  json site = {{"parent_id", provider_b_}, {"name", "Sneaky site"}, {"type", "care_home"}};
  expect_problem(send("POST", "/api/v1/orgs", lead_a_token_, site.dump()), 404);
  // And provider B is unchanged.
  json b = body_of(get(org_path(provider_b_), lead_b_token_));
  EXPECT_EQ(b.value("name", ""), "Birchwood Homes") << b.dump();
}

TEST_F(ApiTest, AStaffTokenCannotInviteOrManage) {
  const std::string invite =
      json{{"email", unique_email("staff-invite")}, {"name", "Nora New"}, {"role", "staff"}}.dump();
  json p = expect_problem(
      send("POST", org_path(provider_a_, "/invitations"), staff_a_token_, invite), 403);
  EXPECT_TRUE(p.contains("detail"));
  expect_problem(get(org_path(provider_a_, "/people"), staff_a_token_), 403);
  expect_problem(get(org_path(provider_a_, "/audit"), staff_a_token_), 403);
  expect_problem(send("PATCH", org_path(provider_a_), staff_a_token_, "{\"name\":\"Mine now\"}"),
                 403);
  json site = {{"parent_id", provider_a_}, {"name", "Staff site"}, {"type", "care_home"}};
  expect_problem(send("POST", "/api/v1/orgs", staff_a_token_, site.dump()), 403);
  // Staff may still read their own organisation.
  EXPECT_EQ(get(org_path(provider_a_), staff_a_token_).status, 200);
}

TEST_F(ApiTest, InvitationsCanBeSentListedAndCancelled) {
  const std::string email = unique_email("invitee");
  HttpResponse r =
      send("POST", org_path(provider_a_, "/invitations"), lead_a_token_,
           json{{"email", email}, {"name", "Ingrid Invitee"}, {"role", "staff"}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  json inv = body_of(r);
  const int64_t id = inv.value("id", int64_t{0});
  ASSERT_GT(id, 0) << r.body;
  EXPECT_EQ(inv.value("email", ""), email);
  EXPECT_EQ(inv.value("role", ""), "staff");
  EXPECT_EQ(inv.value("org_id", int64_t{0}), provider_a_);
  for (const char* secret : {"token", "token_hash", "link", "url"})
    EXPECT_FALSE(inv.contains(secret)) << secret << " in " << r.body;
  EXPECT_EQ(r.body.find("/invitations/"), std::string::npos) << "no invitation link: " << r.body;

  HttpResponse list = get(org_path(provider_a_, "/invitations"), lead_a_token_);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(ids_in(body_of(list)).count(id)) << list.body;
  EXPECT_EQ(list.body.find("/invitations/"), std::string::npos) << list.body;

  // The same person twice, a bad address and a role nobody may give are field errors.
  json again = expect_problem(
      send("POST", org_path(provider_a_, "/invitations"), lead_a_token_,
           json{{"email", email}, {"name", "Ingrid Invitee"}, {"role", "staff"}}.dump()),
      422);
  EXPECT_TRUE(names_field(again, "email")) << again.dump();
  json bad = expect_problem(
      send("POST", org_path(provider_a_, "/invitations"), lead_a_token_,
           json{{"email", "not-an-address"}, {"name", "X"}, {"role", "emperor"}}.dump()),
      422);
  EXPECT_TRUE(names_field(bad, "email")) << bad.dump();
  EXPECT_TRUE(names_field(bad, "role")) << bad.dump();
  json unknown = expect_problem(
      send(
          "POST", org_path(provider_a_, "/invitations"), lead_a_token_,
          json{{"email", unique_email("x")}, {"name", "X"}, {"role", "staff"}, {"message", "hello"}}
              .dump()),
      422);
  EXPECT_TRUE(names_field(unknown, "message")) << unknown.dump();

  HttpResponse del =
      client_->request("DELETE", org_path(provider_a_, "/invitations/" + std::to_string(id)), "",
                       bearer(lead_a_token_));
  EXPECT_EQ(del.status, 204) << del.body;
  EXPECT_FALSE(
      ids_in(body_of(get(org_path(provider_a_, "/invitations"), lead_a_token_))).count(id));
  expect_problem(
      client_->request("DELETE", org_path(provider_a_, "/invitations/" + std::to_string(id)), "",
                       bearer(lead_a_token_)),
      409);

  json audit = body_of(get(org_path(provider_a_, "/audit?limit=200"), lead_a_token_));
  std::set<std::string> actions;
  for (const auto& e : audit["data"])
    if (e.value("target_id", "") == std::to_string(id)) actions.insert(e.value("action", ""));
  EXPECT_TRUE(actions.count("person.invite")) << audit.dump();
  EXPECT_TRUE(actions.count("person.invite_revoked")) << audit.dump();
}

TEST_F(ApiTest, PeopleAreListedAndARoleCanBeRemoved) {
  HttpResponse r = get(org_path(provider_a_, "/people"), lead_a_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  json people = body_of(r);
  int64_t leaver = 0, own = 0;
  for (const auto& m : people["data"]) {
    if (m.value("email", "") == leaver_email_) leaver = m.value("membership_id", int64_t{0});
    if (m.value("email", "") == lead_a_email_) own = m.value("membership_id", int64_t{0});
  }
  ASSERT_GT(leaver, 0) << r.body;
  ASSERT_GT(own, 0) << r.body;

  HttpResponse del =
      client_->request("DELETE", org_path(provider_a_, "/memberships/" + std::to_string(leaver)),
                       "", bearer(lead_a_token_));
  EXPECT_EQ(del.status, 204) << del.body;
  json after = body_of(get(org_path(provider_a_, "/people"), lead_a_token_));
  for (const auto& m : after["data"])
    EXPECT_NE(m.value("email", ""), leaver_email_) << after.dump();
  expect_problem(
      client_->request("DELETE", org_path(provider_a_, "/memberships/" + std::to_string(leaver)),
                       "", bearer(lead_a_token_)),
      404);
  // The only organisation lead cannot be removed.
  expect_problem(
      client_->request("DELETE", org_path(provider_a_, "/memberships/" + std::to_string(own)), "",
                       bearer(lead_a_token_)),
      409);
  // Another organisation's membership id is not found here.
  json b_people = body_of(get(org_path(provider_b_, "/people"), lead_b_token_));
  ASSERT_FALSE(b_people["data"].empty()) << b_people.dump();
  const int64_t b_membership = b_people["data"][0].value("membership_id", int64_t{0});
  expect_problem(
      client_->request("DELETE",
                       org_path(provider_a_, "/memberships/" + std::to_string(b_membership)), "",
                       bearer(lead_a_token_)),
      404);
}

TEST_F(ApiTest, PatchChangesOnlyTheFieldsSent) {
  HttpResponse r = send("PATCH", org_path(provider_a_), lead_a_token_,
                        json{{"cqc_location_id", "1-987654321"}, {"people_supported", 25}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json org = body_of(r);
  EXPECT_EQ(org.value("cqc_location_id", ""), "1-987654321");
  EXPECT_EQ(org.value("people_supported", int64_t{0}), 25);
  EXPECT_EQ(org.value("name", ""), "Amberleigh Care") << "fields not sent keep their values";
  EXPECT_EQ(org.value("ods_code", ""), "AAA11");

  json type = expect_problem(
      send("PATCH", org_path(provider_a_), lead_a_token_, json{{"type", "ics"}}.dump()), 422);
  EXPECT_TRUE(names_field(type, "type")) << type.dump();
  json parent = expect_problem(
      send("PATCH", org_path(provider_a_), lead_a_token_, json{{"parent_id", provider_b_}}.dump()),
      422);
  EXPECT_TRUE(names_field(parent, "parent_id")) << parent.dump();
  json count = expect_problem(
      send("PATCH", org_path(provider_a_), lead_a_token_, json{{"staff_count", "lots"}}.dump()),
      422);
  EXPECT_TRUE(names_field(count, "staff_count")) << count.dump();
  json name = expect_problem(
      send("PATCH", org_path(provider_a_), lead_a_token_, json{{"name", nullptr}}.dump()), 422);
  EXPECT_TRUE(names_field(name, "name")) << name.dump();
  // Another provider's ODS code is refused.
  json taken = expect_problem(
      send("PATCH", org_path(provider_a_), lead_a_token_, json{{"ods_code", "BBB22"}}.dump()), 422);
  EXPECT_TRUE(names_field(taken, "ods_code")) << taken.dump();

  json audit = body_of(get(org_path(provider_a_, "/audit?limit=5"), lead_a_token_));
  ASSERT_FALSE(audit["data"].empty()) << audit.dump();
  EXPECT_EQ(audit["data"][0].value("action", ""), "org.update") << "newest first: " << audit.dump();
}

TEST_F(ApiTest, AuditTrailPagesNewestFirst) {
  std::vector<int64_t> ids;
  std::string path = org_path(provider_a_, "/audit?limit=2");
  for (int page = 0; page < 100; ++page) {
    HttpResponse r = get(path, lead_a_token_);
    ASSERT_EQ(r.status, 200) << r.body;
    json list = body_of(r);
    EXPECT_LE(list["data"].size(), 2u);
    for (const auto& e : list["data"]) ids.push_back(e.value("id", int64_t{0}));
    if (list["next_cursor"].is_null()) break;
    path = org_path(provider_a_,
                    "/audit?limit=2&cursor=" + url_encode(list["next_cursor"].get<std::string>()));
  }
  ASSERT_FALSE(ids.empty());
  for (size_t i = 1; i < ids.size(); ++i)
    EXPECT_GT(ids[i - 1], ids[i]) << "newest first, no repeats";
}

TEST_F(ApiTest, RolesAreListedWithLabelsAndDescriptions) {
  HttpResponse r = get("/api/v1/roles", staff_a_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json roles = body_of(r);
  std::set<std::string> ids;
  for (const auto& role : roles["data"]) {
    ids.insert(role.value("id", ""));
    EXPECT_FALSE(role.value("label", "").empty()) << role.dump();
    EXPECT_FALSE(role.value("description", "").empty()) << role.dump();
  }
  for (const char* id :
       {"staff", "org_lead", "support_adviser", "analyst", "national_admin", "auditor"})
    EXPECT_TRUE(ids.count(id)) << id;
  expect_problem(client_->get("/api/v1/roles"), 401);
}

TEST_F(ApiTest, OpenApiDocumentIsPublic) {
  HttpResponse r = client_->get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos)
      << r.header("content-type");
  json doc = body_of(r);
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.value("openapi", "").rfind("3.1", 0), 0u);
  EXPECT_TRUE(doc["paths"].contains("/api/v1/orgs/{id}"));
}

}  // namespace
}  // namespace cg::test
