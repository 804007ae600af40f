#pragma once
// Server-side sessions (stored by the hash of their id, so a database leak does not leak
// live sessions) and the record of sign-in attempts used for throttling.
#include <optional>
#include <string>

#include "store/database.h"

namespace cg::identity::store {

using cg::store::Connection;

struct SessionRecord {
  std::string id_hash;
  int64_t person_id = 0;
  std::string stage;  // "mfa" (password passed, second step due), "enrol" (must set up MFA), "full"
  int64_t active_org_id = 0;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t reauthenticated_at = 0;
};

void insert_session(Connection& c, const SessionRecord& s, const std::string& address,
                    const std::string& user_agent);
std::optional<SessionRecord> find_session(Connection& c, const std::string& id_hash);
void touch_session(Connection& c, const std::string& id_hash, int64_t now);
void set_session_stage(Connection& c, const std::string& id_hash, const std::string& stage,
                       int64_t now);
void set_active_org(Connection& c, const std::string& id_hash, int64_t org_id);
void delete_session(Connection& c, const std::string& id_hash);
void delete_sessions_of(Connection& c, int64_t person_id);
void delete_expired_sessions(Connection& c, int64_t idle_before, int64_t created_before);

void record_sign_in_attempt(Connection& c, const std::string& email, const std::string& address,
                            int64_t at, bool succeeded);
// Serialises the attempts on one key (an email, or "mfa:<email>") until the transaction ends,
// so a count read after it cannot be overtaken by a parallel attempt. SQLite's write
// transactions already run one at a time; PostgreSQL takes a transaction advisory lock.
void lock_attempts_for(Connection& c, const std::string& key);
// Records an attempt as pending before its secret is checked and returns its id. A pending
// attempt counts as a failure for kPendingAttemptSeconds, so parallel guesses are counted even
// while a slow Argon2id check runs (about 0.1 s; the claim, the check and the settling run one
// after another in one handler, so a few seconds cover a loaded server); mark_attempt_* then
// settles it. One left pending by a server that died mid-check stops counting after that time,
// so restarts cannot lock an account out.
inline constexpr int64_t kPendingAttemptSeconds = 3;
int64_t record_pending_attempt(Connection& c, const std::string& key, const std::string& address,
                               int64_t at);
void mark_attempt_succeeded(Connection& c, int64_t attempt_id);
void mark_attempt_failed(Connection& c, int64_t attempt_id);
// How long sign-in attempts and password reset requests are kept: far longer than any window
// they are counted over (minutes), and each new record deletes those older than this.
inline constexpr int64_t kSignInRecordsKeptSeconds = 24 * 3600;
// Failed attempts since `since` (counting only those after the last success for the email),
// and those pending for less than kPendingAttemptSeconds before `now`.
int64_t failures_for_email(Connection& c, const std::string& email, int64_t since, int64_t now);
int64_t failures_for_address(Connection& c, const std::string& address, int64_t since, int64_t now);
// Ends a lockout of the email after its password was reset: failures count only after the
// last success, so this records a success for the email (the address counts stay as they are).
void clear_account_lockout(Connection& c, const std::string& email, const std::string& address,
                           int64_t at);

}  // namespace cg::identity::store
