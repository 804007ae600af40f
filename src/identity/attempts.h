#pragma once
// Guessing limits for every secret a person types: passwords (at sign-in, when accepting an
// invitation to an existing account and when confirming a serious step such as publishing)
// and two-step codes. Each attempt is recorded as failed *before* the secret is checked, in
// the same transaction that counts earlier failures under a lock on the key, so parallel
// guesses cannot all read a count under the limit and then all be checked.
#include <cstdint>
#include <string>

#include "identity/service.h"
#include "store/database.h"

namespace cg::identity {

struct AttemptKey {
  std::string account;  // the email, or "mfa:<email>" for two-step codes
  std::string address;  // the client's address; empty when the address is not limited
};

// Inside a write transaction: refuses with too_many_requests when the account (or the
// address) already has its limit of recent failures (pending attempts included), otherwise
// records a pending attempt and returns its id.
int64_t claim_attempt(cg::store::Connection& c, const AttemptKey& key, int64_t now,
                      const Limits& limits, const std::string& refusal);
// Settles a claimed attempt: a success (which also ends the account's run of failures), or a
// failure, which then counts for the whole window rather than only while pending.
void attempt_succeeded(cg::store::Connection& c, int64_t attempt_id);
void attempt_failed(cg::store::Connection& c, int64_t attempt_id);

inline constexpr const char* kSignInRefusal =
    "There have been too many attempts to sign in. Wait 15 minutes, then try again.";

// Asks for the signed-in person's password again before a serious step. A wrong password is
// a failed sign-in for the account: after limits.account_failures of them in the window the
// account is locked out (too_many_requests), for signing in as for confirming.
void confirm_password(Database& db, int64_t person_id, const std::string& password,
                      const std::string& address, int64_t now, const Limits& limits = {});

}  // namespace cg::identity
