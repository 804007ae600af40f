#include "identity/attempts.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "identity/passwords.h"
#include "identity/store/audit_store.h"
#include "identity/store/people_store.h"
#include "identity/store/session_store.h"

namespace cg::identity {

using cg::store::Connection;

int64_t claim_attempt(Connection& c, const AttemptKey& key, int64_t now, const Limits& limits,
                      const std::string& refusal) {
  // Always the account first, then the address, so two attempts never wait on each other.
  store::lock_attempts_for(c, key.account);
  if (!key.address.empty()) store::lock_attempts_for(c, "address:" + key.address);
  const int64_t since = now - limits.failure_window;
  if (store::failures_for_email(c, key.account, since, now) >= limits.account_failures ||
      (!key.address.empty() &&
       store::failures_for_address(c, key.address, since, now) >= limits.address_failures))
    throw Error(ErrorCode::too_many_requests, refusal);
  return store::record_pending_attempt(c, key.account, key.address, now);
}

void attempt_succeeded(Connection& c, int64_t attempt_id) {
  store::mark_attempt_succeeded(c, attempt_id);
}

void attempt_failed(Connection& c, int64_t attempt_id) {
  store::mark_attempt_failed(c, attempt_id);
}

void confirm_password(Database& db, int64_t person_id, const std::string& password,
                      const std::string& address, int64_t now, const Limits& limits) {
  if (password.empty())
    throw Error(ErrorCode::validation, "Enter your password to confirm",
                {{"password", "Enter your password to confirm"}});
  auto [attempt, person] = db.transaction([&](Connection& c) {
    auto person = store::find_person(c, person_id);
    if (!person) throw Error(ErrorCode::unauthenticated, "Sign in first");
    return std::make_pair(
        claim_attempt(c, {person->email, address}, now, limits,
                      "There have been too many wrong passwords for your account. To keep it safe, "
                      "wait 15 minutes, then try again."),
        std::move(*person));
  });
  if (person.password_hash.empty() || !verify_password(password, person.password_hash)) {
    db.transaction([&](Connection& c) {
      attempt_failed(c, attempt);
      AuditEntry e;
      e.at = now;
      e.actor_id = person.id;
      e.action = "person.password_confirm_failed";
      e.target_type = "person";
      e.target_id = std::to_string(person.id);
      e.summary = nlohmann::json{{"address", address}}.dump();
      store::append_audit(c, std::move(e));
    });
    throw Error(ErrorCode::validation, "The password is not correct",
                {{"password", "The password is not correct"}});
  }
  db.transaction([&](Connection& c) { attempt_succeeded(c, attempt); });
}

}  // namespace cg::identity
