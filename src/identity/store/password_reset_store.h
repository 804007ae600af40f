#pragma once
// Password reset links (stored by the hash of their token, single use, expiring) and the
// requests for them, counted per client address for the request limit.
#include <optional>
#include <string>

#include "store/database.h"

namespace cg::identity::store {

using cg::store::Connection;

struct PasswordReset {
  int64_t id = 0;
  std::string token_hash;
  int64_t person_id = 0;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  int64_t used_at = 0;
  int64_t revoked_at = 0;
};

void insert_password_reset(Connection& c, PasswordReset& reset);  // fills id
std::optional<PasswordReset> find_password_reset_by_token_hash(Connection& c,
                                                               const std::string& hash);
// Stops every link of the person that is still unused (a newer one was asked for, or the
// password has just been changed). Returns how many were stopped.
int64_t revoke_unused_password_resets(Connection& c, int64_t person_id, int64_t now);
// Marks the link used only if it is still usable at `now`; false when it is not (used, stopped
// or expired), including when another request used it first.
bool mark_password_reset_used(Connection& c, int64_t id, int64_t now);
// Reset emails sent to the person since `since`, one per link.
int64_t password_resets_sent_since(Connection& c, int64_t person_id, int64_t since);

void record_password_reset_request(Connection& c, const std::string& address, int64_t at);
int64_t password_reset_requests_since(Connection& c, const std::string& address, int64_t since);

}  // namespace cg::identity::store
