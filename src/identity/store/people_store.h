#pragma once
// People, their roles in organisations, MFA secrets and recovery codes.
#include <optional>
#include <string>
#include <vector>

#include "identity/model.h"
#include "identity/policy.h"
#include "identity/store/session_store.h"
#include "store/database.h"

namespace cg::identity::store {

using cg::store::Connection;

std::optional<Person> find_person(Connection& c, int64_t id);
std::optional<Person> find_person_by_email(Connection& c, const std::string& email);
void insert_person(Connection& c, Person& person);  // fills id
void set_password_hash(Connection& c, int64_t person_id, const std::string& hash);
void set_pending_mfa_secret(Connection& c, int64_t person_id, const std::string& secret);
void enable_mfa(Connection& c, int64_t person_id, int64_t now, int64_t step);
// Records the last TOTP step used, refusing (returns false) if a newer one was already used:
// this is what stops the same code being replayed from two places at once.
bool use_totp_step(Connection& c, int64_t person_id, int64_t step);

std::vector<Membership> memberships_of(Connection& c, int64_t person_id);
// Loads everything the policy needs to decide for this person.
Actor load_actor(Connection& c, int64_t person_id);

// What every request with a session cookie needs: the session, its person and the person's
// actor. One query reads the session, the person and the memberships together; a second one
// reads portfolio paths, and only for people with a role that has a portfolio.
//
// The same query reads oversight_version (migration 0010), against which the views that servers
// keep (dashboards, area tables, area organisations) are checked. It costs the database next to
// nothing on this statement, and saves a signed-in dashboard a round trip of its own: on
// PostgreSQL each round trip costs the server and the database more than the page's lookups.
struct SessionActor {
  SessionRecord session;
  Person person;
  Actor actor;
  int64_t oversight_version = 0;
};
std::optional<SessionActor> load_session_actor(Connection& c, const std::string& id_hash);

struct Member {
  int64_t membership_id = 0;
  int64_t person_id = 0;
  std::string name;
  std::string email;
  Role role = Role::staff;
  bool mfa_enabled = false;
  int64_t since = 0;
};
std::vector<Member> members_of(Connection& c, int64_t org_id);
std::optional<Membership> find_membership(Connection& c, int64_t membership_id);
// Adds a role; returns false when the person already holds it there.
bool add_membership(Connection& c, int64_t person_id, int64_t org_id, Role role, int64_t now);
void remove_membership(Connection& c, int64_t membership_id);
int64_t count_role_in_org(Connection& c, int64_t org_id, Role role);

void replace_recovery_codes(Connection& c, int64_t person_id,
                            const std::vector<std::string>& hashes);
// Marks the code used; false when no unused code matches.
bool use_recovery_code(Connection& c, int64_t person_id, const std::string& hash, int64_t now);
int64_t unused_recovery_codes(Connection& c, int64_t person_id);

}  // namespace cg::identity::store
