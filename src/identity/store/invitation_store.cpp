#include "identity/store/invitation_store.h"

namespace cg::identity::store {

namespace {
constexpr const char* kColumns =
    "id, token_hash, org_id, email, name, role, invited_by, created_at, expires_at, accepted_at, "
    "revoked_at";

Invitation from_row(const cg::store::Row& r) {
  Invitation i;
  i.id = r.integer(0);
  i.token_hash = r.text(1);
  i.org_id = r.integer(2);
  i.email = r.text(3);
  i.name = r.text(4);
  i.role = role_from_string(r.text(5)).value_or(Role::staff);
  i.invited_by = r.integer(6);
  i.created_at = r.integer(7);
  i.expires_at = r.integer(8);
  i.accepted_at = r.is_null(9) ? 0 : r.integer(9);
  i.revoked_at = r.is_null(10) ? 0 : r.integer(10);
  return i;
}
}  // namespace

void insert_invitation(Connection& c, Invitation& inv) {
  auto r = c.exec(
      "INSERT INTO invitations (token_hash, org_id, email, name, role, invited_by, created_at, "
      "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {inv.token_hash, inv.org_id, inv.email, inv.name, std::string(to_string(inv.role)),
       inv.invited_by, inv.created_at, inv.expires_at});
  inv.id = r.one().integer(0);
}

std::optional<Invitation> find_invitation_by_token_hash(Connection& c, const std::string& hash) {
  auto r =
      c.exec(std::string("SELECT ") + kColumns + " FROM invitations WHERE token_hash = ?", {hash});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows[0]);
}

std::optional<Invitation> find_invitation(Connection& c, int64_t id) {
  auto r = c.exec(std::string("SELECT ") + kColumns + " FROM invitations WHERE id = ?", {id});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows[0]);
}

std::vector<Invitation> pending_invitations(Connection& c, int64_t org_id, int64_t now) {
  auto r = c.exec(std::string("SELECT ") + kColumns +
                      " FROM invitations WHERE org_id = ? AND accepted_at IS NULL AND revoked_at "
                      "IS NULL AND expires_at > ? ORDER BY created_at DESC, id DESC",
                  {org_id, now});
  std::vector<Invitation> out;
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

bool has_pending_invitation(Connection& c, int64_t org_id, const std::string& email, int64_t now) {
  return !c.exec(
               "SELECT 1 FROM invitations WHERE org_id = ? AND email = ? AND accepted_at IS NULL "
               "AND revoked_at IS NULL AND expires_at > ?",
               {org_id, email, now})
              .empty();
}

bool mark_invitation_accepted(Connection& c, int64_t id, int64_t now) {
  return c.exec(
              "UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL AND "
              "revoked_at IS NULL AND expires_at > ?",
              {now, id, now})
             .affected > 0;
}

bool revoke_invitation(Connection& c, int64_t id, int64_t now) {
  return c.exec(
              "UPDATE invitations SET revoked_at = ? WHERE id = ? AND accepted_at IS NULL AND "
              "revoked_at IS NULL",
              {now, id})
             .affected > 0;
}

int64_t invitations_sent_since(Connection& c, int64_t org_id, int64_t since) {
  return c
      .exec("SELECT COUNT(*) FROM invitations WHERE org_id = ? AND created_at >= ?",
            {org_id, since})
      .one()
      .integer(0);
}

}  // namespace cg::identity::store
