// Repository tests for organisations, people, sessions, invitations, tokens and the audit
// trail, on both databases.
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "core/crypto.h"
#include "core/error.h"
#include "identity/attempts.h"
#include "identity/passwords.h"
#include "identity/portfolio_access.h"
#include "identity/service.h"
#include "identity/store/audit_store.h"
#include "identity/store/org_store.h"
#include "identity/store/people_store.h"
#include "identity/store/portfolio_request_store.h"
#include "identity/store/session_store.h"
#include "identity/store/token_store.h"
#include "identity/totp.h"
#include "mail/outbox.h"
#include "store_fixture.h"

namespace cg::test {
namespace {

using namespace cg::identity;
using Connection = cg::store::Connection;
namespace ids = cg::identity::store;

constexpr int64_t kNow = 1790000000;
constexpr const char* kPassword = "kettle orange bicycle";

Actor system() {
  Actor a;
  Membership m;
  m.role = Role::national_admin;
  a.memberships.push_back(m);
  return a;
}

class IdentityStoreTest : public StoreTest {
 protected:
  int64_t org(int64_t parent, const std::string& name, const std::string& type,
              const std::string& ods) {
    return create_org(db(), system(), parent, {name, type, ods, "", "10", "5"}, kNow).id;
  }
  int64_t person(const std::string& email, int64_t org_id, Role role) {
    int64_t id = ensure_person(db(), email, "Test Person", kPassword, kNow);
    grant_role(db(), 0, id, org_id, role, kNow);
    return id;
  }
  Actor actor(int64_t person_id) {
    return db().read([&](Connection& c) { return ids::load_actor(c, person_id); });
  }
  void build_tree() {
    national = org(0, "National", "national", "X26");
    region = org(national, "North West", "region", "Y62");
    ics = org(region, "Cheshire ICS", "ics", "QYG");
    other_ics = org(region, "Lancashire ICS", "ics", "QE1");
    provider = org(ics, "Sunnyside", "care_home", "AB1C2");
    site = org(provider, "Meadow House", "care_home", "VM1234");
    other_provider = org(other_ics, "Riverside", "home_care", "AR9Z9");
    support = org(region, "Support NW", "support_org", "DSP01");
    ask_to_support(db(), system(), support, "AB1C2", "", kNow);
  }
  int64_t national = 0, region = 0, ics = 0, other_ics = 0, provider = 0, site = 0,
          other_provider = 0, support = 0;
};

TEST_F(IdentityStoreTest, OrganisationsKnowTheirPlaceInTheTree) {
  build_tree();
  auto s = db().read([&](Connection& c) { return ids::find_org(c, site); });
  ASSERT_TRUE(s);
  EXPECT_EQ(s->path, "/" + std::to_string(national) + "/" + std::to_string(region) + "/" +
                         std::to_string(ics) + "/" + std::to_string(provider) + "/" +
                         std::to_string(site) + "/");
  EXPECT_EQ(s->region_id, region);
  EXPECT_EQ(s->ics_id, ics);
  EXPECT_EQ(s->parent_id, provider);
  auto by_code = db().read([&](Connection& c) { return ids::find_org_by_code(c, "VM1234"); });
  ASSERT_TRUE(by_code);
  EXPECT_EQ(by_code->id, site);
}

TEST_F(IdentityStoreTest, DuplicateCodesAndWrongParentsAreRefusedWithTheField) {
  build_tree();
  try {
    create_org(db(), system(), ics, {"Copy", "care_home", "ab1c2", "", "", ""}, kNow);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation);
    ASSERT_FALSE(e.fields().empty());
    EXPECT_EQ(e.fields()[0].field, "ods_code");
  }
  try {
    create_org(db(), system(), region, {"Home", "care_home", "", "", "", ""}, kNow);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.fields().at(0).field, "type");
  }
  try {
    create_org(db(), system(), 0, {"Second national", "national", "", "", "", ""}, kNow);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.fields().at(0).field, "type");
  }
  auto count = db().read(
      [](Connection& c) { return c.exec("SELECT COUNT(*) FROM organisations").one().integer(0); });
  EXPECT_EQ(count, 8);
}

// The SQL tenant scope and the policy must agree for every person and organisation.
TEST_F(IdentityStoreTest, TenantScopeInSqlMatchesThePolicy) {
  build_tree();
  std::vector<int64_t> people = {
      person("admin@t.test", national, Role::national_admin),
      person("analyst@t.test", ics, Role::analyst),
      person("region@t.test", region, Role::analyst),
      person("lead@t.test", provider, Role::org_lead),
      person("sitelead@t.test", site, Role::org_lead),
      person("staff@t.test", provider, Role::staff),
      person("auditor@t.test", provider, Role::auditor),
      person("adviser@t.test", support, Role::support_adviser),
      person("supportlead@t.test", support, Role::org_lead),
      person("icslead@t.test", ics, Role::org_lead),
      person("nobody@t.test", other_provider, Role::staff),
  };
  auto all = db().read([](Connection& c) {
    std::vector<Organisation> out;
    for (const auto& r : c.exec("SELECT id FROM organisations ORDER BY id").rows)
      out.push_back(*ids::find_org(c, r.integer(0)));
    return out;
  });
  int compared = 0;
  for (int64_t p : people) {
    Actor a = actor(p);
    std::set<int64_t> by_policy;
    for (const auto& o : all) {
      const bool policy = allowed(a, Action::view_org, {o.id, o.path});
      const bool sql = db().read([&](Connection& c) { return ids::is_visible(c, p, o.id); });
      EXPECT_EQ(sql, policy) << "person " << p << " org " << o.name;
      if (policy) by_policy.insert(o.id);
      ++compared;
    }
    // The paginated list returns exactly the visible set.
    std::set<int64_t> listed;
    int64_t after = 0;
    do {
      auto page = db().read([&](Connection& c) { return ids::visible_orgs(c, p, "", after, 3); });
      for (const auto& o : page.items) listed.insert(o.id);
      after = page.next_after;
    } while (after);
    EXPECT_EQ(listed, by_policy) << "person " << p;
  }
  EXPECT_EQ(compared, 11 * 8);
  // Spot checks that the scope is what people expect.
  EXPECT_TRUE(db().read([&](Connection& c) {
    return ids::is_visible(c, people[7], site);
  }));  // adviser: portfolio site
  EXPECT_FALSE(
      db().read([&](Connection& c) { return ids::is_visible(c, people[7], other_provider); }));
  EXPECT_FALSE(db().read(
      [&](Connection& c) { return ids::is_visible(c, people[4], provider); }));  // site lead
  EXPECT_FALSE(
      db().read([&](Connection& c) { return ids::is_visible(c, people[1], other_provider); }));
}

TEST_F(IdentityStoreTest, ScopeCanBeNarrowedToOneMembership) {
  build_tree();
  int64_t p = person("two@t.test", provider, Role::org_lead);
  grant_role(db(), 0, p, other_provider, Role::staff, kNow);
  auto ids_of = [&](int64_t only) {
    std::set<int64_t> out;
    for (const auto& o :
         db().read([&](Connection& c) { return ids::visible_orgs(c, p, "", 0, 50, only); }).items)
      out.insert(o.id);
    return out;
  };
  EXPECT_EQ(ids_of(0), (std::set<int64_t>{provider, site, other_provider}));
  EXPECT_EQ(ids_of(provider), (std::set<int64_t>{provider, site}));
  EXPECT_EQ(ids_of(other_provider), (std::set<int64_t>{other_provider}));
  EXPECT_TRUE(ids_of(national).empty());  // no role there
}

TEST_F(IdentityStoreTest, SearchMatchesNameOrCodesAndEscapesWildcards) {
  build_tree();
  int64_t admin = person("admin@t.test", national, Role::national_admin);
  auto names = [&](const std::string& q) {
    std::vector<std::string> out;
    for (const auto& o :
         db().read([&](Connection& c) { return ids::visible_orgs(c, admin, q, 0, 50); }).items)
      out.push_back(o.name);
    return out;
  };
  EXPECT_EQ(names("sunny"), std::vector<std::string>{"Sunnyside"});
  EXPECT_EQ(names("vm1234"), std::vector<std::string>{"Meadow House"});
  EXPECT_TRUE(names("%").empty());
  EXPECT_TRUE(names("_").empty());
  EXPECT_TRUE(names("' OR 1=1 --").empty());
}

TEST_F(IdentityStoreTest, SignInLocksOutAfterRepeatedFailuresPerAccount) {
  build_tree();
  person("lead@t.test", provider, Role::staff);
  Limits limits;
  for (int i = 0; i < limits.account_failures; ++i)
    EXPECT_THROW(sign_in(db(), "lead@t.test", "wrong password here", "10.0.0.1", "ua", kNow + i),
                 Error);
  try {
    sign_in(db(), "lead@t.test", kPassword, "10.0.0.2", "ua", kNow + 10);
    FAIL() << "expected a lockout";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::too_many_requests);
  }
  // After the window the right password works again, and the count starts afresh.
  auto ok =
      sign_in(db(), "LEAD@t.test ", kPassword, "10.0.0.2", "ua", kNow + limits.failure_window + 10);
  EXPECT_EQ(ok.stage, "full");
  EXPECT_EQ(ok.session_id.size(), 43u);  // 256 bits, base64url
}

TEST_F(IdentityStoreTest, SignInThrottlesPerAddress) {
  build_tree();
  Limits limits;
  limits.address_failures = 3;
  for (int i = 0; i < 3; ++i)
    EXPECT_THROW(sign_in(db(), "user" + std::to_string(i) + "@t.test", "whatever password",
                         "10.9.9.9", "ua", kNow, limits),
                 Error);
  person("real@t.test", provider, Role::staff);
  try {
    sign_in(db(), "real@t.test", kPassword, "10.9.9.9", "ua", kNow + 1, limits);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::too_many_requests);
  }
  EXPECT_NO_THROW(sign_in(db(), "real@t.test", kPassword, "10.1.1.1", "ua", kNow + 1, limits));
}

TEST_F(IdentityStoreTest, MfaEnrolmentThenSignInNeedsAFreshCode) {
  build_tree();
  int64_t lead = person("lead@t.test", provider, Role::org_lead);
  auto first = sign_in(db(), "lead@t.test", kPassword, "10.0.0.1", "ua", kNow);
  EXPECT_EQ(first.stage, "enrol");  // leads must set up MFA
  auto session = db().read(
      [&](Connection& c) { return ids::find_session(c, crypto::sha256_hex(first.session_id)); });
  ASSERT_TRUE(session);
  std::string secret = begin_mfa_enrolment(db(), lead);
  EXPECT_THROW(confirm_mfa_enrolment(db(), *session, "000000", "a", "ua", kNow), Error);
  auto enrolled = confirm_mfa_enrolment(db(), *session, totp_code(secret, kNow), "a", "ua", kNow);
  EXPECT_EQ(enrolled.recovery_codes.size(), 10u);
  // The old session id no longer works (rotated).
  EXPECT_FALSE(db().read([&](Connection& c) { return ids::find_session(c, session->id_hash); }));

  auto second = sign_in(db(), "lead@t.test", kPassword, "10.0.0.1", "ua", kNow + 100);
  EXPECT_EQ(second.stage, "mfa");
  auto s2 = *db().read(
      [&](Connection& c) { return ids::find_session(c, crypto::sha256_hex(second.session_id)); });
  // The code used at enrolment cannot be replayed.
  EXPECT_THROW(complete_mfa(db(), s2, totp_code(secret, kNow), false, "a", "ua", kNow + 1), Error);
  std::string full =
      complete_mfa(db(), s2, totp_code(secret, kNow + 100), false, "a", "ua", kNow + 100);
  auto s3 =
      db().read([&](Connection& c) { return ids::find_session(c, crypto::sha256_hex(full)); });
  ASSERT_TRUE(s3);
  EXPECT_EQ(s3->stage, "full");

  // A recovery code works once.
  auto third = sign_in(db(), "lead@t.test", kPassword, "10.0.0.1", "ua", kNow + 200);
  auto s4 = *db().read(
      [&](Connection& c) { return ids::find_session(c, crypto::sha256_hex(third.session_id)); });
  EXPECT_NO_THROW(complete_mfa(db(), s4, enrolled.recovery_codes[0], true, "a", "ua", kNow + 200));
  auto fourth = sign_in(db(), "lead@t.test", kPassword, "10.0.0.1", "ua", kNow + 300);
  auto s5 = *db().read(
      [&](Connection& c) { return ids::find_session(c, crypto::sha256_hex(fourth.session_id)); });
  EXPECT_THROW(complete_mfa(db(), s5, enrolled.recovery_codes[0], true, "a", "ua", kNow + 300),
               Error);
  EXPECT_EQ(db().read([&](Connection& c) { return ids::unused_recovery_codes(c, lead); }), 9);
}

TEST_F(IdentityStoreTest, WrongSecurityCodesLockTheSecondStep) {
  build_tree();
  int64_t lead = person("lead@t.test", provider, Role::org_lead);
  auto first = sign_in(db(), "lead@t.test", kPassword, "10.0.0.1", "ua", kNow);
  auto s1 = *db().read(
      [&](Connection& c) { return ids::find_session(c, crypto::sha256_hex(first.session_id)); });
  std::string secret = begin_mfa_enrolment(db(), lead);
  confirm_mfa_enrolment(db(), s1, totp_code(secret, kNow), "a", "ua", kNow);

  auto second = sign_in(db(), "lead@t.test", kPassword, "10.0.0.1", "ua", kNow + 60);
  auto s2 = *db().read(
      [&](Connection& c) { return ids::find_session(c, crypto::sha256_hex(second.session_id)); });
  Limits limits;
  for (int i = 0; i < limits.account_failures; ++i) {
    try {
      complete_mfa(db(), s2, "000000", false, "a", "ua", kNow + 60 + i);
      FAIL() << "a wrong code was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::validation);
    }
  }
  // Now even the right code is refused until the window has passed.
  try {
    complete_mfa(db(), s2, totp_code(secret, kNow + 90), false, "a", "ua", kNow + 90);
    FAIL() << "expected the second step to be locked";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::too_many_requests);
  }
  const int64_t later = kNow + 60 + limits.failure_window + 30;
  EXPECT_NO_THROW(complete_mfa(db(), s2, totp_code(secret, later), false, "a", "ua", later));
}

TEST_F(IdentityStoreTest, InvitationsAreSingleUseAndExpire) {
  build_tree();
  int64_t lead = person("lead@t.test", provider, Role::org_lead);
  Actor a = actor(lead);
  auto inv =
      invite(db(), a, provider, {"New.Person@T.test", "New Person", "staff"}, "http://x", kNow);
  EXPECT_EQ(inv.invitation.email, "new.person@t.test");
  // The email went to the outbox with the link, in the same transaction.
  auto mail = db().read([](Connection& c) { return mail::recent_to(c, "new.person@t.test", 5); });
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_NE(mail[0].body.find("http://x/invitations/" + inv.token), std::string::npos);
  // Only a hash of the token is stored.
  auto stored = db().read(
      [](Connection& c) { return c.exec("SELECT token_hash FROM invitations").one().text(0); });
  EXPECT_EQ(stored, crypto::sha256_hex(inv.token));

  // Duplicate pending invitation is refused, naming the email field.
  try {
    invite(db(), a, provider, {"new.person@t.test", "New Person", "staff"}, "http://x", kNow);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.fields().at(0).field, "email");
  }
  // A weak password is refused and the invitation stays usable.
  EXPECT_THROW(accept_invitation(db(), inv.token, {"New Person", "password1"}, kNow + 10), Error);
  int64_t id = accept_invitation(db(), inv.token, {"New Person", kPassword}, kNow + 10);
  EXPECT_GT(id, 0);
  try {
    accept_invitation(db(), inv.token, {"New Person", kPassword}, kNow + 11);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::gone);
  }
  auto late = invite(db(), a, provider, {"late@t.test", "Late Person", "staff"}, "http://x", kNow);
  try {
    accept_invitation(db(), late.token, {"Late Person", kPassword}, kNow + 8 * 24 * 3600);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::gone);
  }
  EXPECT_FALSE(
      db().read([](Connection& c) { return ids::find_person_by_email(c, "late@t.test"); }));
}

TEST_F(IdentityStoreTest, PeopleCannotBeManagedAcrossOrganisations) {
  build_tree();
  int64_t lead = person("lead@t.test", provider, Role::org_lead);
  int64_t staff = person("staff@t.test", provider, Role::staff);
  person("other@t.test", other_provider, Role::org_lead);
  try {
    invite(db(), actor(lead), other_provider, {"x@t.test", "X Person", "staff"}, "http://x", kNow);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::not_found);  // not even told it exists
  }
  try {
    invite(db(), actor(staff), provider, {"x@t.test", "X Person", "staff"}, "http://x", kNow);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::forbidden);
  }
  try {
    invite(db(), actor(lead), provider, {"x@t.test", "X Person", "national_admin"}, "http://x",
           kNow);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.fields().at(0).field, "role");
  }
  // The only lead cannot be removed.
  auto members = db().read([&](Connection& c) { return ids::members_of(c, provider); });
  int64_t lead_membership = 0;
  for (const auto& m : members)
    if (m.role == Role::org_lead) lead_membership = m.membership_id;
  EXPECT_THROW(remove_membership(db(), actor(lead), provider, lead_membership, kNow), Error);
}

// The one-query session load (every signed-in request) must read exactly what the separate
// find_session, find_person and load_actor calls read.
TEST_F(IdentityStoreTest, SessionActorMatchesTheSeparateLookups) {
  build_tree();
  int64_t adviser = person("adviser@t.test", support, Role::support_adviser);
  grant_role(db(), 0, adviser, provider, Role::staff, kNow);
  grant_role(db(), 0, adviser, other_provider, Role::org_lead, kNow);
  int64_t staff = person("staff@t.test", provider, Role::staff);
  int64_t nobody = ensure_person(db(), "nobody@t.test", "No Role", kPassword, kNow);
  int n = 0;
  for (int64_t id : {adviser, staff, nobody}) {
    const std::string hash = crypto::sha256_hex("session-" + std::to_string(++n));
    db().transaction([&](Connection& c) {
      ids::SessionRecord s;
      s.id_hash = hash;
      s.person_id = id;
      s.stage = n == 2 ? "mfa" : "full";
      s.active_org_id = n == 1 ? provider : 0;
      s.created_at = kNow - 100;
      s.last_seen_at = kNow - 10;
      s.reauthenticated_at = kNow - 50;
      ids::insert_session(c, s, "127.0.0.1", "test");
    });
    auto got = db().read([&](Connection& c) { return ids::load_session_actor(c, hash); });
    ASSERT_TRUE(got);
    auto session = db().read([&](Connection& c) { return ids::find_session(c, hash); });
    auto p = db().read([&](Connection& c) { return ids::find_person(c, id); });
    ASSERT_TRUE(session && p);
    EXPECT_EQ(got->session.id_hash, session->id_hash);
    EXPECT_EQ(got->session.person_id, session->person_id);
    EXPECT_EQ(got->session.stage, session->stage);
    EXPECT_EQ(got->session.active_org_id, session->active_org_id);
    EXPECT_EQ(got->session.created_at, session->created_at);
    EXPECT_EQ(got->session.last_seen_at, session->last_seen_at);
    EXPECT_EQ(got->session.reauthenticated_at, session->reauthenticated_at);
    EXPECT_EQ(got->person.id, p->id);
    EXPECT_EQ(got->person.email, p->email);
    EXPECT_EQ(got->person.name, p->name);
    EXPECT_EQ(got->person.password_hash, p->password_hash);
    EXPECT_EQ(got->person.mfa_secret, p->mfa_secret);
    EXPECT_EQ(got->person.mfa_enabled_at, p->mfa_enabled_at);
    EXPECT_EQ(got->person.created_at, p->created_at);
    EXPECT_EQ(got->person.disabled_at, p->disabled_at);
    const Actor expected = actor(id);
    EXPECT_EQ(got->actor.person_id, expected.person_id);
    ASSERT_EQ(got->actor.memberships.size(), expected.memberships.size());
    for (size_t i = 0; i < expected.memberships.size(); ++i) {
      const auto& a = got->actor.memberships[i];
      const auto& b = expected.memberships[i];
      EXPECT_EQ(a.id, b.id);
      EXPECT_EQ(a.person_id, b.person_id);
      EXPECT_EQ(a.org_id, b.org_id);
      EXPECT_EQ(a.org_path, b.org_path);
      EXPECT_EQ(a.org_name, b.org_name);
      EXPECT_EQ(a.org_type, b.org_type);
      EXPECT_EQ(a.role, b.role);
    }
    EXPECT_EQ(got->actor.portfolio_paths, expected.portfolio_paths);
  }
  EXPECT_EQ(actor(adviser).memberships.size(), 3u);
  EXPECT_EQ(actor(adviser).portfolio_paths.size(), 1u);
  EXPECT_TRUE(actor(nobody).memberships.empty());
  EXPECT_FALSE(db().read([](Connection& c) { return ids::load_session_actor(c, "unknown"); }));
  // A removed role is gone from the very next load.
  auto members = db().read([&](Connection& c) { return ids::members_of(c, provider); });
  for (const auto& m : members)
    if (m.person_id == adviser)
      db().transaction([&](Connection& c) { ids::remove_membership(c, m.membership_id); });
  auto after = db().read(
      [&](Connection& c) { return ids::load_session_actor(c, crypto::sha256_hex("session-1")); });
  ASSERT_TRUE(after);
  EXPECT_EQ(after->actor.memberships.size(), 2u);
}

TEST_F(IdentityStoreTest, ApiTokensAreHashedScopedAndRevocable) {
  build_tree();
  int64_t lead = person("lead@t.test", provider, Role::org_lead);
  auto t = create_api_token(db(), actor(lead), provider, "Export", kNow);
  EXPECT_EQ(t.secret.rfind("cg_", 0), 0u);
  EXPECT_THROW(create_api_token(db(), actor(lead), other_provider, "Bad", kNow), Error);
  auto found = authenticate_token(db(), t.secret, kNow);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->org_id, provider);
  EXPECT_FALSE(authenticate_token(db(), t.secret + "x", kNow));
  auto raw = db().read(
      [](Connection& c) { return c.exec("SELECT token_hash FROM api_tokens").one().text(0); });
  EXPECT_EQ(raw.find(t.secret), std::string::npos);
  revoke_api_token(db(), actor(lead), t.token.id, kNow);
  EXPECT_FALSE(authenticate_token(db(), t.secret, kNow));
}

TEST_F(IdentityStoreTest, AuditTrailChainsEveryChangeAndDetectsTampering) {
  build_tree();
  person("lead@t.test", provider, Role::org_lead);
  auto [entries, head] = db().read(
      [](Connection& c) { return std::make_pair(ids::all_audit_entries(c), ids::audit_head(c)); });
  EXPECT_GE(entries.size(), 10u);
  EXPECT_TRUE(verify_chain(entries, head).ok);
  // The database refuses updates and deletes of audit entries.
  EXPECT_THROW(db().transaction([](Connection& c) {
    c.exec("UPDATE audit_log SET summary = '{}' WHERE id = 2");
  }),
               Error);
  EXPECT_THROW(
      db().transaction([](Connection& c) { c.exec("DELETE FROM audit_log WHERE id = 2"); }), Error);
  // Someone with direct database access who removes the guard is still caught by verify.
  db().transaction([](Connection& c) {
    if (c.dialect() == cg::store::Dialect::sqlite) {
      c.exec("DROP TRIGGER audit_log_no_update");
    } else {
      c.exec("DROP TRIGGER audit_log_append_only ON audit_log");
    }
    c.exec("UPDATE audit_log SET summary = '{\"x\":1}' WHERE id = 3");
  });
  auto tampered = db().read([](Connection& c) { return ids::all_audit_entries(c); });
  auto v = verify_chain(tampered, head);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, 3);
}

TEST_F(IdentityStoreTest, ConcurrentAuditAppendsStayChained) {
  build_tree();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i)
        update_org(db(), system(), provider,
                   {"Sunnyside " + std::to_string(t * 100 + i), "care_home", "AB1C2", "", "1", "1"},
                   kNow + i);
    });
  for (auto& th : threads) th.join();
  auto [entries, head] = db().read(
      [](Connection& c) { return std::make_pair(ids::all_audit_entries(c), ids::audit_head(c)); });
  auto v = verify_chain(entries, head);
  EXPECT_TRUE(v.ok) << v.problem << " at " << v.first_bad_id;
}

// Finding 4 of issue 13: the count and the pending failure are written under one lock, so ten
// parallel attempts on one account, each on its own connection, let exactly five through.
TEST_F(IdentityStoreTest, ParallelAttemptsNeverGetPastTheLimit) {
  constexpr int kThreads = 10;
  std::atomic<int> claimed{0}, refused{0}, ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] {
      auto own = open_another();
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      try {
        own->transaction([&](Connection& c) {
          claim_attempt(c, {"race@example.test", "192.0.2.7"}, kNow, Limits{}, kSignInRefusal);
          // Hold the transaction a moment, as a slow check would hold the count open.
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        });
        ++claimed;
      } catch (const Error& e) {
        if (e.code() == ErrorCode::too_many_requests) ++refused;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(claimed.load(), 5);
  EXPECT_EQ(refused.load(), kThreads - 5);
  // A pending attempt counts only while it could still be being checked: one left behind by a
  // server that died mid-check stops counting after kPendingAttemptSeconds.
  EXPECT_EQ(db().read([&](Connection& c) {
    return ids::failures_for_email(c, "race@example.test", kNow - 60,
                                   kNow + ids::kPendingAttemptSeconds + 1);
  }),
            0);
  // A success ends the run of failures for the account.
  int64_t id = db().transaction([&](Connection& c) {
    return ids::record_pending_attempt(c, "other@example.test", "192.0.2.8", kNow);
  });
  EXPECT_EQ(db().read([&](Connection& c) {
    return ids::failures_for_email(c, "other@example.test", kNow - 60, kNow);
  }),
            1);
  db().transaction([&](Connection& c) { attempt_succeeded(c, id); });
  EXPECT_EQ(db().read([&](Connection& c) {
    return ids::failures_for_email(c, "other@example.test", kNow - 60, kNow);
  }),
            0);
}

// Finding 1 of issue 13: a request opens nothing; only the provider's yes (or the national
// team's assignment) puts the provider in the portfolio, and either side can end it.
TEST_F(IdentityStoreTest, PortfolioRequestsOpenNothingUntilTheProviderAccepts) {
  build_tree();
  auto lead_of = [&](int64_t org, const std::string& email) {
    int64_t id = ensure_person(db(), email, "Lead Person", "kettle orange bicycle", kNow);
    grant_role(db(), 0, id, org, Role::org_lead, kNow);
    return db().read([&](Connection& c) { return ids::load_actor(c, id); });
  };
  const Actor support_lead = lead_of(support, "slead@example.test");
  const Actor provider_lead = lead_of(other_provider, "plead@example.test");
  const Actor stranger = lead_of(provider, "stranger@example.test");
  const OrgRef target = db().read([&](Connection& c) {
    auto o = ids::find_org(c, other_provider);
    return OrgRef{o->id, o->path};
  });
  auto in_folio = [&] {
    return db().read([&](Connection& c) { return ids::in_portfolio(c, support, other_provider); });
  };
  auto support_sees = [&] {
    Actor fresh =
        db().read([&](Connection& c) { return ids::load_actor(c, support_lead.person_id); });
    return allowed(fresh, Action::view_private, target);
  };
  auto asked = ask_to_support(db(), support_lead, support, "AR9Z9", "https://cg.test", kNow);
  EXPECT_FALSE(asked.added);
  EXPECT_FALSE(in_folio());
  EXPECT_FALSE(support_sees());
  auto open =
      db().read([&](Connection& c) { return ids::open_requests_to_provider(c, other_provider); });
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].support_name, "Support NW");
  // Asking twice is refused; another organisation's lead cannot answer; the provider's lead can.
  EXPECT_THROW(ask_to_support(db(), support_lead, support, "AR9Z9", "", kNow), Error);
  EXPECT_THROW(answer_request(db(), stranger, other_provider, open[0].id, true, kNow), Error);
  EXPECT_THROW(answer_request(db(), support_lead, other_provider, open[0].id, true, kNow), Error);
  EXPECT_FALSE(in_folio());
  answer_request(db(), provider_lead, other_provider, open[0].id, true, kNow);
  EXPECT_TRUE(in_folio());
  EXPECT_TRUE(support_sees());
  EXPECT_THROW(answer_request(db(), provider_lead, other_provider, open[0].id, false, kNow), Error)
      << "an answered request cannot be answered again";
  // Both organisations' trails hold the request and the answer.
  for (int64_t org : {support, other_provider}) {
    auto trail = db().read([&](Connection& c) { return ids::audit_entries(c, org, 0, 50); });
    std::set<std::string> actions;
    for (const auto& e : trail) actions.insert(e.action);
    EXPECT_TRUE(actions.count("portfolio.requested")) << org;
    EXPECT_TRUE(actions.count("portfolio.accepted")) << org;
  }
  // The provider stops it; a new request can then be declined, or taken back.
  stop_support(db(), provider_lead, other_provider, support, kNow);
  EXPECT_FALSE(in_folio());
  EXPECT_FALSE(support_sees());
  ask_to_support(db(), support_lead, support, "AR9Z9", "", kNow);
  auto second =
      db().read([&](Connection& c) { return ids::open_requests_from_support(c, support); });
  ASSERT_EQ(second.size(), 1u);
  answer_request(db(), provider_lead, other_provider, second[0].id, false, kNow);
  EXPECT_FALSE(in_folio());
  ask_to_support(db(), support_lead, support, "AR9Z9", "", kNow);
  auto third =
      db().read([&](Connection& c) { return ids::open_requests_from_support(c, support); });
  ASSERT_EQ(third.size(), 1u);
  withdraw_request(db(), support_lead, support, third[0].id, kNow);
  EXPECT_THROW(answer_request(db(), provider_lead, other_provider, third[0].id, true, kNow), Error);
  EXPECT_FALSE(in_folio());
  // The national team assigns a list, all or nothing; nobody else may.
  EXPECT_THROW(assign_providers(db(), support_lead, support, "AR9Z9", kNow), Error);
  EXPECT_THROW(assign_providers(db(), system(), support, "AR9Z9\nZZ9Z9", kNow), Error);
  EXPECT_FALSE(in_folio());
  auto assigned = assign_providers(db(), system(), support, "AR9Z9, AB1C2", kNow);
  EXPECT_EQ(assigned.added, 1);
  EXPECT_EQ(assigned.already, 1);
  EXPECT_TRUE(in_folio());
}

}  // namespace
}  // namespace cg::test
