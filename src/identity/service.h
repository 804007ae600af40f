#pragma once
// Use cases for organisations, people, sign-in and tokens. Each runs in one transaction,
// checks permission through the policy, and writes its audit entry in that transaction.
#include <optional>
#include <string>
#include <vector>

#include "identity/email_rules.h"
#include "identity/model.h"
#include "identity/org_rules.h"
#include "identity/policy.h"
#include "identity/store/invitation_store.h"
#include "identity/store/session_store.h"
#include "identity/store/token_store.h"
#include "store/database.h"

namespace cg::identity {

using cg::store::Database;

struct Limits {
  int64_t account_failures = 5;      // failed sign-ins for one email before a lockout
  int64_t address_failures = 30;     // failed sign-ins from one address before refusing it
  int64_t failure_window = 15 * 60;  // seconds the failures are counted over
  int64_t invitation_lifetime = 7 * 24 * 3600;
  int64_t invitations_per_org_per_hour = 50;
  int64_t password_reset_lifetime = 3600;            // seconds a reset link works
  int64_t password_resets_per_account_per_hour = 3;  // reset emails to one person
  int64_t password_reset_requests_per_address = 10;  // requests from one client address...
  int64_t password_reset_address_window = 15 * 60;   // ...over this many seconds
};

// Throws cg::Error(forbidden) unless the actor may act on the organisation.
void require(const Actor& actor, Action action, const Organisation& org);
Organisation require_org(Database& db, const Actor& actor, Action action, int64_t org_id);
// The same checks for an organisation already looked up (nullopt when there is none).
Organisation require_found_org(const Actor& actor, Action action, std::optional<Organisation> org);

// ---- Sign-in ----
struct SignInResult {
  std::string session_id;  // raw value for the cookie
  std::string stage;       // "mfa", "enrol" or "full"
  int64_t person_id = 0;
};
SignInResult sign_in(Database& db, const std::string& email, const std::string& password,
                     const std::string& address, const std::string& user_agent, int64_t now,
                     const Limits& limits = {});
// Second step: a TOTP code or a recovery code. Rotates the session id; returns the new one.
std::string complete_mfa(Database& db, const store::SessionRecord& session, const std::string& code,
                         bool is_recovery_code, const std::string& address,
                         const std::string& user_agent, int64_t now, const Limits& limits = {});
// Enrolment: a fresh secret is stored as pending until a code from it is confirmed.
std::string begin_mfa_enrolment(Database& db, int64_t person_id);
// Confirms enrolment, returns the one-time recovery codes (shown once), rotates the session.
struct EnrolmentResult {
  std::vector<std::string> recovery_codes;
  std::string session_id;
};
EnrolmentResult confirm_mfa_enrolment(Database& db, const store::SessionRecord& session,
                                      const std::string& code, const std::string& address,
                                      const std::string& user_agent, int64_t now);
void sign_out(Database& db, const std::string& session_hash);

// ---- Organisations ----
Organisation create_org(Database& db, const Actor& actor, int64_t parent_id, const OrgInput& input,
                        int64_t now);
Organisation update_org(Database& db, const Actor& actor, int64_t org_id, const OrgInput& input,
                        int64_t now);
// Portfolios (who may see a provider's private records): identity/portfolio_access.h.

// ---- People ----
struct InviteInput {
  std::string email;
  std::string name;
  std::string role;
};
struct InviteResult {
  store::Invitation invitation;
  std::string token;  // raw, only ever in the email link
};
InviteResult invite(Database& db, const Actor& actor, int64_t org_id, const InviteInput& input,
                    const std::string& base_url, int64_t now, const Limits& limits = {});
void revoke_invitation(Database& db, const Actor& actor, int64_t org_id, int64_t invitation_id,
                       int64_t now);
// Looks up a usable invitation by its raw token; throws gone when expired, used or revoked.
store::Invitation find_usable_invitation(Database& db, const std::string& token, int64_t now);
struct AcceptInput {
  std::string name;      // for a new account
  std::string password;  // the new account's password, or an existing account's own password
  std::string address;   // the client's address, for the guessing limits
};
// A new account is created with the name and password given. An existing account proves it is
// its owner with its password (counted as a sign-in attempt), so a leaked link cannot hand an
// account a role; a role that needs two-step verification sends its sessions to set it up.
int64_t accept_invitation(Database& db, const std::string& token, const AcceptInput& input,
                          int64_t now);
void remove_membership(Database& db, const Actor& actor, int64_t org_id, int64_t membership_id,
                       int64_t now);

// ---- API tokens ----
struct NewToken {
  store::ApiToken token;
  std::string secret;  // shown once
};
NewToken create_api_token(Database& db, const Actor& actor, int64_t org_id, const std::string& name,
                          int64_t now);
void revoke_api_token(Database& db, const Actor& actor, int64_t token_id, int64_t now);
// Resolves a bearer token to its record; nullopt when unknown or revoked.
std::optional<store::ApiToken> authenticate_token(Database& db, const std::string& secret,
                                                  int64_t now);

// ---- Set-up (command line, demo data) ----
int64_t ensure_person(Database& db, const std::string& email, const std::string& name,
                      const std::string& password, int64_t now);
void grant_role(Database& db, int64_t actor_id, int64_t person_id, int64_t org_id, Role role,
                int64_t now);

}  // namespace cg::identity
