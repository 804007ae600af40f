#pragma once
// Self-service password reset ("Forgotten your password?"): asking for a link by email, and
// choosing a new password with it. Each step runs in one transaction with its audit entry and
// its email, like the other identity use cases in service.h.
#include <string>

#include "identity/service.h"
#include "identity/store/password_reset_store.h"

namespace cg::identity {

// Checks the address is well formed (throws validation naming "email"), then applies the
// limits: throws too_many_requests when this client address has asked too often. Otherwise it
// returns normally whether or not the address has an account, so callers show everyone the
// same page. True when a reset email was written; callers must not show this.
bool request_password_reset(Database& db, const std::string& email, const std::string& address,
                            const std::string& base_url, int64_t now, const Limits& limits = {});

struct UsableReset {
  store::PasswordReset link;
  Person person;  // the person the link is for
};
// The link behind a raw token; throws gone when it is unknown, used, replaced or expired, or
// its person has been disabled.
UsableReset find_usable_password_reset(Database& db, const std::string& token, int64_t now);

struct NewPasswordInput {
  std::string password;
  std::string confirm;  // the same password typed again
};
// Sets the new password and uses up the link; ends every session of the person and any
// sign-in lockout of the account; audits it and emails the person that it happened. Two-step
// verification is untouched: signing in afterwards still asks for a code. Returns the person.
int64_t reset_password(Database& db, const std::string& token, const NewPasswordInput& input,
                       const std::string& address, const std::string& base_url, int64_t now);

}  // namespace cg::identity
