#pragma once
// Invitations: single-use, expiring links that let a new person join an organisation.
#include <optional>
#include <string>
#include <vector>

#include "identity/model.h"
#include "store/database.h"

namespace cg::identity::store {

using cg::store::Connection;

struct Invitation {
  int64_t id = 0;
  std::string token_hash;
  int64_t org_id = 0;
  std::string email;
  std::string name;
  Role role = Role::staff;
  int64_t invited_by = 0;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  int64_t accepted_at = 0;
  int64_t revoked_at = 0;
};

void insert_invitation(Connection& c, Invitation& inv);
std::optional<Invitation> find_invitation_by_token_hash(Connection& c, const std::string& hash);
std::optional<Invitation> find_invitation(Connection& c, int64_t id);
// Pending: not accepted, not revoked, not expired at `now`.
std::vector<Invitation> pending_invitations(Connection& c, int64_t org_id, int64_t now);
bool has_pending_invitation(Connection& c, int64_t org_id, const std::string& email, int64_t now);
// Marks accepted only if still unused; false when someone else got there first.
bool mark_invitation_accepted(Connection& c, int64_t id, int64_t now);
bool revoke_invitation(Connection& c, int64_t id, int64_t now);
int64_t invitations_sent_since(Connection& c, int64_t org_id, int64_t since);

}  // namespace cg::identity::store
