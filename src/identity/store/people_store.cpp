#include "identity/store/people_store.h"

#include <algorithm>

namespace cg::identity::store {

using cg::store::Row;

namespace {

constexpr const char* kPersonColumns =
    "id, email, name, password_hash, mfa_secret, mfa_enabled_at, mfa_last_step, created_at, "
    "disabled_at";

Person person_from_row(const Row& r) {
  Person p;
  p.id = r.integer(0);
  p.email = r.text(1);
  p.name = r.text(2);
  p.password_hash = r.text(3);
  p.mfa_secret = r.text(4);
  p.mfa_enabled_at = r.is_null(5) ? 0 : r.integer(5);
  p.mfa_last_step = r.integer(6);
  p.created_at = r.integer(7);
  p.disabled_at = r.is_null(8) ? 0 : r.integer(8);
  return p;
}

constexpr const char* kMembershipColumns =
    "SELECT m.id, m.person_id, m.org_id, o.path, o.name, o.type, m.role FROM memberships m "
    "JOIN organisations o ON o.id = m.org_id ";

Membership membership_from_row(const Row& row) {
  Membership m;
  m.id = row.integer(0);
  m.person_id = row.integer(1);
  m.org_id = row.integer(2);
  m.org_path = row.text(3);
  m.org_name = row.text(4);
  m.org_type = org_type_from_string(row.text(5)).value_or(OrgType::other_social_care);
  m.role = role_from_string(row.text(6)).value_or(Role::staff);
  return m;
}

// Only support advisers and organisation leads have portfolio paths (the query below asks
// for those roles), so everyone else is spared the query.
void load_portfolio_paths(Connection& c, Actor& a) {
  bool any = false;
  for (const auto& m : a.memberships)
    any = any || m.role == Role::support_adviser || m.role == Role::org_lead;
  if (!any) return;
  // Duplicates (an adviser who also leads the support organisation) are removed here rather
  // than with DISTINCT, which makes SQLite build a temporary table on every signed-in request.
  auto r = c.exec(
      "SELECT p.support_org_id, po.path FROM memberships m "
      "JOIN portfolio p ON p.support_org_id = m.org_id "
      "JOIN organisations po ON po.id = p.provider_id "
      "WHERE m.person_id = ? AND m.role IN ('support_adviser', 'org_lead')",
      {a.person_id});
  auto& paths = a.portfolio_paths;
  for (const auto& row : r.rows) paths.emplace_back(row.integer(0), row.text(1));
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
}

// Organisation name, then membership id, in byte order on both databases: sorted here because
// ORDER BY makes SQLite sort in a temporary structure on every signed-in request.
void sort_memberships(std::vector<Membership>& list) {
  std::sort(list.begin(), list.end(), [](const Membership& a, const Membership& b) {
    return a.org_name != b.org_name ? a.org_name < b.org_name : a.id < b.id;
  });
}

}  // namespace

std::optional<Person> find_person(Connection& c, int64_t id) {
  auto r = c.exec(std::string("SELECT ") + kPersonColumns + " FROM people WHERE id = ?", {id});
  if (r.empty()) return std::nullopt;
  return person_from_row(r.rows[0]);
}

std::optional<Person> find_person_by_email(Connection& c, const std::string& email) {
  auto r =
      c.exec(std::string("SELECT ") + kPersonColumns + " FROM people WHERE email = ?", {email});
  if (r.empty()) return std::nullopt;
  return person_from_row(r.rows[0]);
}

void insert_person(Connection& c, Person& p) {
  auto r = c.exec(
      "INSERT INTO people (email, name, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING "
      "id",
      {p.email, p.name, cg::store::text_or_null(p.password_hash), p.created_at});
  p.id = r.one().integer(0);
}

void set_password_hash(Connection& c, int64_t person_id, const std::string& hash) {
  c.exec("UPDATE people SET password_hash = ? WHERE id = ?", {hash, person_id});
}

void set_pending_mfa_secret(Connection& c, int64_t person_id, const std::string& secret) {
  c.exec("UPDATE people SET mfa_secret = ?, mfa_enabled_at = NULL WHERE id = ?",
         {secret, person_id});
}

void enable_mfa(Connection& c, int64_t person_id, int64_t now, int64_t step) {
  c.exec("UPDATE people SET mfa_enabled_at = ?, mfa_last_step = ? WHERE id = ?",
         {now, step, person_id});
}

bool use_totp_step(Connection& c, int64_t person_id, int64_t step) {
  return c.exec("UPDATE people SET mfa_last_step = ? WHERE id = ? AND mfa_last_step < ?",
                {step, person_id, step})
             .affected > 0;
}

std::vector<Membership> memberships_of(Connection& c, int64_t person_id) {
  std::vector<Membership> out;
  for (const auto& row :
       c.exec(std::string(kMembershipColumns) + "WHERE m.person_id = ?", {person_id}).rows)
    out.push_back(membership_from_row(row));
  sort_memberships(out);
  return out;
}

Actor load_actor(Connection& c, int64_t person_id) {
  Actor a;
  a.person_id = person_id;
  a.memberships = memberships_of(c, person_id);
  load_portfolio_paths(c, a);
  return a;
}

std::optional<SessionActor> load_session_actor(Connection& c, const std::string& id_hash) {
  // Columns: the session (0-6), the person (7-15), a membership (16-22) on every row, or NULLs
  // on the one row of a person with none (same order as memberships_of), then oversight_version
  // (23). (Chained LEFT JOINs, not a parenthesised inner join, which SQLite would materialise
  // whole; a membership without its organisation, which foreign keys rule out, is skipped as the
  // inner join does.)
  static const std::string sql = std::string(
      "SELECT s.id_hash, s.person_id, s.stage, s.active_org_id, s.created_at, "
      "s.last_seen_at, s.reauthenticated_at, p.id, p.email, p.name, p.password_hash, "
      "p.mfa_secret, p.mfa_enabled_at, p.mfa_last_step, p.created_at, p.disabled_at, "
      "m.id, m.person_id, m.org_id, o.path, o.name, o.type, m.role, "
      "(SELECT version FROM oversight_version WHERE id = 1) "
      "FROM sessions s JOIN people p ON p.id = s.person_id "
      "LEFT JOIN memberships m ON m.person_id = p.id "
      "LEFT JOIN organisations o ON o.id = m.org_id "
      "WHERE s.id_hash = ?");
  auto r = c.exec(sql, {id_hash});
  if (r.empty()) return std::nullopt;
  SessionActor out;
  const Row& first = r.rows[0];
  SessionRecord& s = out.session;
  s.id_hash = first.text(0);
  s.person_id = first.integer(1);
  s.stage = first.text(2);
  s.active_org_id = first.is_null(3) ? 0 : first.integer(3);
  s.created_at = first.integer(4);
  s.last_seen_at = first.integer(5);
  s.reauthenticated_at = first.integer(6);
  out.oversight_version = first.integer(23);
  Row person;
  person.values.assign(first.values.begin() + 7, first.values.begin() + 16);
  out.person = person_from_row(person);
  out.actor.person_id = out.person.id;
  Row membership;
  for (auto& row : r.rows) {
    if (row.is_null(16) || row.is_null(19)) continue;
    membership.values.assign(std::make_move_iterator(row.values.begin() + 16),
                             std::make_move_iterator(row.values.begin() + 23));
    out.actor.memberships.push_back(membership_from_row(membership));
  }
  sort_memberships(out.actor.memberships);
  load_portfolio_paths(c, out.actor);
  return out;
}

std::vector<Member> members_of(Connection& c, int64_t org_id) {
  auto r = c.exec(
      "SELECT m.id, p.id, p.name, p.email, m.role, p.mfa_enabled_at, m.created_at "
      "FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.org_id = ? "
      "ORDER BY p.name, m.id",
      {org_id});
  std::vector<Member> out;
  for (const auto& row : r.rows) {
    Member m;
    m.membership_id = row.integer(0);
    m.person_id = row.integer(1);
    m.name = row.text(2);
    m.email = row.text(3);
    m.role = role_from_string(row.text(4)).value_or(Role::staff);
    m.mfa_enabled = !row.is_null(5);
    m.since = row.integer(6);
    out.push_back(std::move(m));
  }
  return out;
}

std::optional<Membership> find_membership(Connection& c, int64_t membership_id) {
  auto r = c.exec(std::string(kMembershipColumns) + "WHERE m.id = ?", {membership_id});
  if (r.empty()) return std::nullopt;
  return membership_from_row(r.rows[0]);
}

bool add_membership(Connection& c, int64_t person_id, int64_t org_id, Role role, int64_t now) {
  auto existing =
      c.exec("SELECT 1 FROM memberships WHERE person_id = ? AND org_id = ? AND role = ?",
             {person_id, org_id, std::string(to_string(role))});
  if (!existing.empty()) return false;
  c.exec("INSERT INTO memberships (person_id, org_id, role, created_at) VALUES (?, ?, ?, ?)",
         {person_id, org_id, std::string(to_string(role)), now});
  return true;
}

void remove_membership(Connection& c, int64_t membership_id) {
  c.exec("DELETE FROM memberships WHERE id = ?", {membership_id});
}

int64_t count_role_in_org(Connection& c, int64_t org_id, Role role) {
  return c
      .exec("SELECT COUNT(*) FROM memberships WHERE org_id = ? AND role = ?",
            {org_id, std::string(to_string(role))})
      .one()
      .integer(0);
}

void replace_recovery_codes(Connection& c, int64_t person_id,
                            const std::vector<std::string>& hashes) {
  c.exec("DELETE FROM recovery_codes WHERE person_id = ?", {person_id});
  for (const auto& h : hashes)
    c.exec("INSERT INTO recovery_codes (person_id, code_hash) VALUES (?, ?)", {person_id, h});
}

bool use_recovery_code(Connection& c, int64_t person_id, const std::string& hash, int64_t now) {
  return c.exec(
              "UPDATE recovery_codes SET used_at = ? WHERE person_id = ? AND code_hash = ? AND "
              "used_at IS NULL",
              {now, person_id, hash})
             .affected > 0;
}

int64_t unused_recovery_codes(Connection& c, int64_t person_id) {
  return c
      .exec("SELECT COUNT(*) FROM recovery_codes WHERE person_id = ? AND used_at IS NULL",
            {person_id})
      .one()
      .integer(0);
}

}  // namespace cg::identity::store
