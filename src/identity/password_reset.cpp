#include "identity/password_reset.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/error.h"
#include "identity/email_rules.h"
#include "identity/passwords.h"
#include "identity/reset_rules.h"
#include "identity/store/audit_store.h"
#include "identity/store/people_store.h"
#include "identity/store/session_store.h"
#include "identity/store/token_store.h"
#include "mail/outbox.h"
#include "toolkit/scoring/london_time.h"

namespace cg::identity {

using cg::store::Connection;
using nlohmann::json;

namespace {

constexpr const char* kGone =
    "This link to reset your password has expired or has already been used. Each link works "
    "once, for a short time. Go to the sign-in page and choose \xe2\x80\x9c"
    "Forgotten your password?\xe2\x80\x9d to get a new link.";

void audit(Connection& c, int64_t now, int64_t person_id, const std::string& action,
           const json& summary) {
  AuditEntry e;
  e.at = now;
  e.actor_id = person_id;
  e.action = action;
  e.target_type = "person";
  e.target_id = std::to_string(person_id);
  e.summary = summary.dump();
  store::append_audit(c, std::move(e));
}

// "1 hour", "2 hours" or "30 minutes": how long a link works, in the email's words.
std::string duration_words(int64_t seconds) {
  if (seconds % 3600 == 0) {
    const int64_t h = seconds / 3600;
    return std::to_string(h) + (h == 1 ? " hour" : " hours");
  }
  const int64_t m = (seconds + 59) / 60;
  return std::to_string(m) + (m == 1 ? " minute" : " minutes");
}

// "22 November 2026 at 16:30 (UK time)": people read the time on their own clocks.
std::string uk_time(int64_t at) {
  const int64_t local = at + (toolkit::is_british_summer_time(at) ? 3600 : 0);
  const int64_t minutes = ((local % 86400) + 86400) % 86400 / 60;
  char hhmm[8];
  std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", static_cast<int>(minutes / 60),
                static_cast<int>(minutes % 60));
  return clock::human_date(local) + " at " + hhmm + " (UK time)";
}

std::string reset_email(const Person& person, const std::string& link, int64_t lifetime) {
  std::string body = "Hello " + person.name + ",\n\n" +
                     "Someone asked to reset the password of the Careguard account for " +
                     person.email +
                     ". If this was you, open this link to choose a new password:\n\n" + link +
                     "\n\nThe link works once, for " + duration_words(lifetime) +
                     ". If you ask for another link, only the newest one works.\n\n";
  if (person.mfa_enabled())
    body +=
        "After you change your password, you will still need a code from your authenticator "
        "app to sign in.\n\n";
  body +=
      "If you did not ask for this, you can ignore this email. Your password stays the same "
      "unless someone opens the link. If these emails keep coming, tell your organisation "
      "lead.\n";
  return body;
}

std::string changed_email(const Person& person, const std::string& base_url, int64_t now,
                          int64_t tokens_revoked) {
  const std::string tokens =
      tokens_revoked == 0 ? ""
      : tokens_revoked == 1
          ? " It has also cancelled the account's API token. If you need it, make a new one on "
            "your account page."
          : " It has also cancelled the account's " + std::to_string(tokens_revoked) +
                " API tokens. If you need them, make new ones on your account page.";
  return "Hello " + person.name + ",\n\n" + "The password of the Careguard account for " +
         person.email + " was changed on " + uk_time(now) +
         ". Careguard has signed this account out on every device." + tokens +
         "\n\n"
         "If you changed it, you do not need to do anything.\n\n"
         "If you did not change it, someone else may be able to read your email. Choose a new "
         "password straight away at " +
         base_url +
         "/password-reset and tell your organisation lead or the person who looks after data "
         "security.\n";
}

}  // namespace

bool request_password_reset(Database& db, const std::string& raw_email, const std::string& address,
                            const std::string& base_url, int64_t now, const Limits& limits) {
  const std::string email = normalise_email(raw_email);
  Validation v;
  if (email.empty())
    v.add("email", "Enter your email address");
  else if (auto p = email_problem(email); !p.empty())
    v.add("email", p);
  v.throw_if_failed();

  const std::string token = crypto::random_token(32);
  const ResetRequestLimits rules{limits.password_resets_per_account_per_hour,
                                 limits.password_reset_requests_per_address};
  const ResetOutcome outcome = db.transaction([&](Connection& c) {
    auto person = store::find_person_by_email(c, email);
    ResetRequestFacts facts;
    facts.account_can_reset = person && person->disabled_at == 0;
    facts.requests_from_address = store::password_reset_requests_since(
        c, address, now - limits.password_reset_address_window);
    if (facts.account_can_reset)
      facts.links_sent_to_account = store::password_resets_sent_since(c, person->id, now - 3600);
    const ResetOutcome decided = reset_request_outcome(facts, rules);
    // A refused request is not counted, so the address is free again 15 minutes after its
    // last accepted request however hard it keeps trying.
    if (decided == ResetOutcome::refuse) return decided;
    store::record_password_reset_request(c, address, now);
    if (decided != ResetOutcome::send_link) return decided;
    // Only the newest link works, so an older email lying in an inbox is no longer a way in.
    store::revoke_unused_password_resets(c, person->id, now);
    store::PasswordReset link;
    link.token_hash = crypto::sha256_hex(token);
    link.person_id = person->id;
    link.created_at = now;
    link.expires_at = now + limits.password_reset_lifetime;
    store::insert_password_reset(c, link);
    mail::enqueue(
        c, person->email, "Reset your Careguard password",
        reset_email(*person, base_url + "/password-reset/" + token, limits.password_reset_lifetime),
        now);
    audit(c, now, person->id, "person.password_reset_requested",
          {{"address", address}, {"link_id", link.id}});
    return decided;
  });
  if (outcome == ResetOutcome::refuse)
    throw Error(ErrorCode::too_many_requests,
                "There have been too many requests to reset a password from this device or "
                "network. Wait 15 minutes, then try again.");
  return outcome == ResetOutcome::send_link;
}

UsableReset find_usable_password_reset(Database& db, const std::string& token, int64_t now) {
  // A real token is 43 characters; anything far longer is not worth hashing.
  if (token.empty() || token.size() > 200) throw Error(ErrorCode::gone, kGone);
  auto found = db.read([&](Connection& c) -> std::optional<UsableReset> {
    auto link = store::find_password_reset_by_token_hash(c, crypto::sha256_hex(token));
    if (!link || !reset_link_usable({link->expires_at, link->used_at, link->revoked_at}, now))
      return std::nullopt;
    auto person = store::find_person(c, link->person_id);
    if (!person || person->disabled_at) return std::nullopt;
    return UsableReset{*link, *person};
  });
  if (!found) throw Error(ErrorCode::gone, kGone);
  return *found;
}

int64_t reset_password(Database& db, const std::string& token, const NewPasswordInput& input,
                       const std::string& address, const std::string& base_url, int64_t now) {
  const UsableReset usable = find_usable_password_reset(db, token, now);
  const Person& person = usable.person;
  Validation v;
  if (input.password.empty()) {
    v.add("password", "Enter a new password");
  } else {
    PasswordCheck check = check_password(input.password, person.email, person.name);
    if (!check.ok) v.add("password", check.message);
    if (input.confirm.empty())
      v.add("password_confirm", "Enter your new password again");
    else if (input.confirm != input.password)
      v.add("password_confirm", "The passwords do not match. Type the same password in both boxes");
  }
  v.throw_if_failed();
  const std::string hash = hash_password(input.password);  // slow on purpose: outside the lock
  db.transaction([&](Connection& c) {
    // Re-checked here: two tabs may post the same link at once, and only one may win.
    if (!store::mark_password_reset_used(c, usable.link.id, now))
      throw Error(ErrorCode::gone, kGone);
    auto current = store::find_person(c, usable.link.person_id);
    if (!current || current->disabled_at) throw Error(ErrorCode::gone, kGone);
    store::set_password_hash(c, current->id, hash);
    store::revoke_unused_password_resets(c, current->id, now);
    // Whoever knew the old password may be signed in somewhere: sign the account out everywhere.
    store::delete_sessions_of(c, current->id);
    // The same goes for API tokens: someone who took over the account may have made one.
    const int64_t tokens_revoked = store::revoke_tokens_of(c, current->id, now);
    store::clear_account_lockout(c, current->email, address, now);
    audit(c, now, current->id, "person.password_reset",
          {{"address", address}, {"api_tokens_revoked", tokens_revoked}});
    mail::enqueue(c, current->email, "Your Careguard password has been changed",
                  changed_email(*current, base_url, now, tokens_revoked), now);
  });
  return usable.link.person_id;
}

}  // namespace cg::identity
