// Password reset use cases against both databases, with "now" passed in so the request
// limits and link expiry can be tested at their edges.
#include "identity/store/password_reset_store.h"

#include <regex>

#include "core/crypto.h"
#include "core/error.h"
#include "identity/password_reset.h"
#include "identity/passwords.h"
#include "identity/service.h"
#include "identity/store/audit_store.h"
#include "identity/store/people_store.h"
#include "identity/store/session_store.h"
#include "mail/outbox.h"
#include "store_fixture.h"

namespace cg::test {
namespace {

using namespace cg::identity;
using Connection = cg::store::Connection;
namespace ids = cg::identity::store;

constexpr int64_t kNow = 1790000000;
constexpr const char* kPassword = "kettle orange bicycle";
constexpr const char* kNewPassword = "lantern walrus pebble";
constexpr const char* kBase = "https://careguard.example";

class PasswordResetStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    person_id = ensure_person(db(), email, "Rita Reset", kPassword, kNow - 86400);
  }

  std::vector<mail::OutgoingMail> mail_to(const std::string& to) {
    return db().read([&](Connection& c) { return mail::recent_to(c, to, 100); });
  }
  // The raw token in the newest reset email to `to`.
  std::string newest_token(const std::string& to) {
    auto mails = mail_to(to);
    for (const auto& m : mails) {
      std::smatch match;
      if (std::regex_search(m.body, match, std::regex(R"(/password-reset/([A-Za-z0-9_-]+))")))
        return match[1];
    }
    return "";
  }
  ErrorCode code_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      return e.code();
    }
    ADD_FAILURE() << "no error was thrown";
    return ErrorCode::internal;
  }

  const std::string email = "rita@example.test";
  int64_t person_id = 0;
};

TEST_F(PasswordResetStoreTest, LinkIsStoredHashedWorksOnceAndSetsTheNewPassword) {
  EXPECT_TRUE(request_password_reset(db(), "  Rita@Example.TEST ", "10.0.0.1", kBase, kNow));
  auto mails = mail_to(email);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].subject, "Reset your Careguard password");
  const std::string token = newest_token(email);
  ASSERT_EQ(token.size(), 43u);  // 256 random bits, base64url
  EXPECT_NE(mails[0].body.find(std::string(kBase) + "/password-reset/" + token), std::string::npos);

  db().read([&](Connection& c) {
    auto link = ids::find_password_reset_by_token_hash(c, crypto::sha256_hex(token));
    ASSERT_TRUE(link);
    EXPECT_EQ(link->person_id, person_id);
    EXPECT_EQ(link->expires_at, kNow + 3600);
    // Nothing in the table holds the token itself.
    EXPECT_EQ(c.exec("SELECT COUNT(*) FROM password_resets WHERE token_hash = ?", {token})
                  .one()
                  .integer(0),
              0);
  });

  EXPECT_EQ(find_usable_password_reset(db(), token, kNow + 10).person.email, email);
  reset_password(db(), token, {kNewPassword, kNewPassword}, "10.0.0.1", kBase, kNow + 20);
  auto person = db().read([&](Connection& c) { return ids::find_person(c, person_id); });
  ASSERT_TRUE(person);
  EXPECT_TRUE(verify_password(kNewPassword, person->password_hash));
  EXPECT_FALSE(verify_password(kPassword, person->password_hash));
  EXPECT_EQ(person->password_hash.rfind("$argon2id$", 0), 0u);

  // Single use: the same link again is gone, reading it and posting it.
  EXPECT_EQ(code_of([&] { find_usable_password_reset(db(), token, kNow + 30); }), ErrorCode::gone);
  EXPECT_EQ(code_of([&] {
              reset_password(db(), token, {"another fine phrase", "another fine phrase"},
                             "10.0.0.1", kBase, kNow + 30);
            }),
            ErrorCode::gone);
  // The person is told: the reset email, then the "password changed" email.
  mails = mail_to(email);
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[0].subject, "Your Careguard password has been changed");
  EXPECT_EQ(mails[0].body.find(token), std::string::npos);
}

TEST_F(PasswordResetStoreTest, LinkExpiresAfterAnHourAndUnknownTokensAreGone) {
  ASSERT_TRUE(request_password_reset(db(), email, "10.0.0.1", kBase, kNow));
  const std::string token = newest_token(email);
  EXPECT_NO_THROW(find_usable_password_reset(db(), token, kNow + 3599));
  EXPECT_EQ(code_of([&] { find_usable_password_reset(db(), token, kNow + 3600); }),
            ErrorCode::gone);
  EXPECT_EQ(
      code_of([&] {
        reset_password(db(), token, {kNewPassword, kNewPassword}, "10.0.0.1", kBase, kNow + 3600);
      }),
      ErrorCode::gone);
  for (const std::string& bad : {std::string(), std::string("nope"), std::string(5000, 'a')})
    EXPECT_EQ(code_of([&] { find_usable_password_reset(db(), bad, kNow); }), ErrorCode::gone);
}

TEST_F(PasswordResetStoreTest, NewerLinkReplacesOlderOnes) {
  ASSERT_TRUE(request_password_reset(db(), email, "10.0.0.1", kBase, kNow));
  const std::string first = newest_token(email);
  ASSERT_TRUE(request_password_reset(db(), email, "10.0.0.1", kBase, kNow + 60));
  const std::string second = newest_token(email);
  ASSERT_NE(first, second);
  EXPECT_EQ(code_of([&] { find_usable_password_reset(db(), first, kNow + 61); }), ErrorCode::gone);
  EXPECT_NO_THROW(find_usable_password_reset(db(), second, kNow + 61));
}

TEST_F(PasswordResetStoreTest, AtMostThreeEmailsPerAccountPerHour) {
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(request_password_reset(db(), email, "10.0.0." + std::to_string(i), kBase, kNow + i))
        << i;
  // The fourth is accepted as far as anyone can see, but nothing is sent.
  EXPECT_FALSE(request_password_reset(db(), email, "10.0.0.9", kBase, kNow + 10));
  EXPECT_EQ(mail_to(email).size(), 3u);
  // The newest link sent still works.
  EXPECT_NO_THROW(find_usable_password_reset(db(), newest_token(email), kNow + 11));
  // An hour after the first, one more may go.
  EXPECT_TRUE(request_password_reset(db(), email, "10.0.0.9", kBase, kNow + 3601));
  EXPECT_EQ(mail_to(email).size(), 4u);
}

TEST_F(PasswordResetStoreTest, AtMostTenRequestsPerAddressIn15MinutesKnownOrNot) {
  const std::string address = "203.0.113.7";
  for (int i = 0; i < 10; ++i)
    EXPECT_NO_THROW(request_password_reset(db(), "nobody" + std::to_string(i) + "@example.test",
                                           address, kBase, kNow + i));
  EXPECT_EQ(code_of([&] { request_password_reset(db(), email, address, kBase, kNow + 20); }),
            ErrorCode::too_many_requests);
  EXPECT_TRUE(mail_to(email).empty());
  // Another address is not held back.
  EXPECT_TRUE(request_password_reset(db(), email, "203.0.113.8", kBase, kNow + 21));
  // Refused requests are not counted: 15 minutes after the first accepted one, the address may
  // ask again.
  EXPECT_EQ(code_of([&] { request_password_reset(db(), email, address, kBase, kNow + 899); }),
            ErrorCode::too_many_requests);
  EXPECT_NO_THROW(request_password_reset(db(), email, address, kBase, kNow + 901));
  // Unknown addresses sent nothing at all.
  EXPECT_TRUE(mail_to("nobody0@example.test").empty());
}

// Sign-in attempts and reset requests are counted over minutes; each new record deletes those
// more than a day old, so an attacker's attempts cannot grow the tables without end.
TEST_F(PasswordResetStoreTest, AttemptAndRequestRecordsOlderThanADayAreDeleted) {
  auto count = [&](const char* table) {
    return db().read([&](Connection& c) {
      return c.exec(std::string("SELECT COUNT(*) FROM ") + table).one().integer(0);
    });
  };
  db().transaction([&](Connection& c) {
    for (int i = 0; i < 5; ++i) {
      ids::record_sign_in_attempt(c, email, "198.51.100.1", kNow + i, false);
      ids::record_password_reset_request(c, "198.51.100.1", kNow + i);
    }
  });
  ASSERT_EQ(count("sign_in_attempts"), 5);
  ASSERT_EQ(count("password_reset_requests"), 5);
  const int64_t later = kNow + ids::kSignInRecordsKeptSeconds + 4;  // the first four are older
  db().transaction([&](Connection& c) {
    ids::record_sign_in_attempt(c, email, "198.51.100.2", later, false);
    ids::record_password_reset_request(c, "198.51.100.2", later);
  });
  EXPECT_EQ(count("sign_in_attempts"), 2);
  EXPECT_EQ(count("password_reset_requests"), 2);
  // What is still counted is unchanged by the deletion.
  EXPECT_EQ(db().read([&](Connection& c) {
    return ids::failures_for_address(c, "198.51.100.2", later - 900, later);
  }),
            1);
}

TEST_F(PasswordResetStoreTest, MalformedAddressesAreRefusedWithTheFieldAndNotCounted) {
  for (const std::string& bad : {std::string(), std::string("   "), std::string("not-an-email")}) {
    try {
      request_password_reset(db(), bad, "10.0.0.1", kBase, kNow);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::validation);
      ASSERT_EQ(e.fields().size(), 1u);
      EXPECT_EQ(e.fields()[0].field, "email");
    }
  }
  db().read(
      [&](Connection& c) { EXPECT_EQ(ids::password_reset_requests_since(c, "10.0.0.1", 0), 0); });
}

TEST_F(PasswordResetStoreTest, DisabledPeopleGetNoLink) {
  db().transaction([&](Connection& c) {
    c.exec("UPDATE people SET disabled_at = ? WHERE id = ?", {kNow - 10, person_id});
  });
  EXPECT_FALSE(request_password_reset(db(), email, "10.0.0.1", kBase, kNow));
  EXPECT_TRUE(mail_to(email).empty());
}

TEST_F(PasswordResetStoreTest, WeakOrMismatchedPasswordsNameTheirFieldAndChangeNothing) {
  ASSERT_TRUE(request_password_reset(db(), email, "10.0.0.1", kBase, kNow));
  const std::string token = newest_token(email);
  struct Case {
    const char* name;
    NewPasswordInput input;
    const char* field;
  };
  const Case cases[] = {
      {"empty", {"", ""}, "password"},
      {"too short", {"short one", "short one"}, "password"},
      {"common", {"password1234", "password1234"}, "password"},
      {"contains the email", {"rita@example.test!", "rita@example.test!"}, "password"},
      {"not typed again", {kNewPassword, ""}, "password_confirm"},
      {"typed differently", {kNewPassword, "lantern walrus pebbles"}, "password_confirm"},
  };
  for (const auto& c : cases) {
    try {
      reset_password(db(), token, c.input, "10.0.0.1", kBase, kNow + 5);
      ADD_FAILURE() << c.name << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::validation) << c.name;
      bool named = false;
      for (const auto& f : e.fields()) named = named || f.field == c.field;
      EXPECT_TRUE(named) << c.name;
    }
  }
  // Still the old password, and the link still works.
  auto person = db().read([&](Connection& c) { return ids::find_person(c, person_id); });
  EXPECT_TRUE(verify_password(kPassword, person->password_hash));
  EXPECT_NO_THROW(find_usable_password_reset(db(), token, kNow + 6));
}

TEST_F(PasswordResetStoreTest, ResetEndsEverySessionAndTheLockoutAndIsAuditedWithoutSecrets) {
  db().transaction([&](Connection& c) {
    for (const char* id : {"session-one", "session-two"}) {
      ids::SessionRecord s;
      s.id_hash = crypto::sha256_hex(id);
      s.person_id = person_id;
      s.stage = "full";
      s.created_at = s.last_seen_at = s.reauthenticated_at = kNow;
      ids::insert_session(c, s, "10.0.0.5", "test");
    }
  });
  // Locked out by wrong passwords.
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(code_of([&] { sign_in(db(), email, "wrong password here", "10.0.0.6", "", kNow); }),
              ErrorCode::validation);
  EXPECT_EQ(code_of([&] { sign_in(db(), email, kPassword, "10.0.0.6", "", kNow + 1); }),
            ErrorCode::too_many_requests);

  ASSERT_TRUE(request_password_reset(db(), email, "10.0.0.1", kBase, kNow + 2));
  const std::string token = newest_token(email);
  EXPECT_EQ(reset_password(db(), token, {kNewPassword, kNewPassword}, "10.0.0.1", kBase, kNow + 3),
            person_id);

  db().read([&](Connection& c) {
    for (const char* id : {"session-one", "session-two"})
      EXPECT_FALSE(ids::find_session(c, crypto::sha256_hex(id))) << id;
    bool requested = false, reset = false;
    for (const auto& e : ids::all_audit_entries(c)) {
      if (e.action == "person.password_reset_requested") requested = true;
      if (e.action != "person.password_reset") continue;
      reset = true;
      EXPECT_EQ(e.actor_id, person_id);
      EXPECT_EQ(e.target_id, std::to_string(person_id));
      EXPECT_EQ(e.summary.find(kNewPassword), std::string::npos);
      EXPECT_EQ(e.summary.find(token), std::string::npos);
      EXPECT_EQ(e.summary.find("argon2"), std::string::npos);
    }
    EXPECT_TRUE(requested);
    EXPECT_TRUE(reset);
  });
  // The lockout has ended: the new password works at once, the old one does not.
  EXPECT_EQ(code_of([&] { sign_in(db(), email, kPassword, "10.0.0.6", "", kNow + 4); }),
            ErrorCode::validation);
  EXPECT_FALSE(sign_in(db(), email, kNewPassword, "10.0.0.6", "", kNow + 5).session_id.empty());
}

}  // namespace
}  // namespace cg::test
