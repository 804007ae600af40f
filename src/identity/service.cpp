#include "identity/service.h"

#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/error.h"
#include "identity/attempts.h"
#include "identity/passwords.h"
#include "identity/recovery_codes.h"
#include "identity/store/audit_store.h"
#include "identity/store/org_store.h"
#include "identity/store/people_store.h"
#include "identity/totp.h"
#include "mail/outbox.h"

namespace cg::identity {

using cg::store::Connection;
using nlohmann::json;

namespace {

void audit(Connection& c, int64_t now, int64_t actor_id, int64_t org_id, const std::string& action,
           const std::string& target_type, const std::string& target_id, const json& summary) {
  AuditEntry e;
  e.at = now;
  e.actor_id = actor_id;
  e.org_id = org_id;
  e.action = action;
  e.target_type = target_type;
  e.target_id = target_id;
  e.summary = summary.dump();
  store::append_audit(c, std::move(e));
}

json org_json(const Organisation& o) {
  return {{"name", o.name},
          {"type", to_string(o.type)},
          {"ods_code", o.ods_code},
          {"cqc_location_id", o.cqc_location_id},
          {"staff_count", o.staff_count},
          {"people_supported", o.people_supported}};
}

std::string new_session(Connection& c, int64_t person_id, const std::string& stage,
                        const std::string& address, const std::string& user_agent, int64_t now,
                        int64_t active_org_id = 0) {
  std::string id = crypto::random_token(32);
  store::SessionRecord s;
  s.id_hash = crypto::sha256_hex(id);
  s.person_id = person_id;
  s.stage = stage;
  s.active_org_id = active_org_id;
  s.created_at = now;
  s.last_seen_at = now;
  s.reauthenticated_at = now;
  store::insert_session(c, s, address, user_agent);
  return id;
}

void check_person_org_conflicts(Connection& c, const Organisation& org, Validation& v,
                                int64_t self_id) {
  if (!org.ods_code.empty()) {
    auto other = store::find_org_by_code(c, org.ods_code);
    if (other && other->id != self_id)
      v.add("ods_code", "Another organisation already has the ODS code " + org.ods_code);
  }
  if (!org.cqc_location_id.empty()) {
    auto other = store::find_org_by_code(c, org.cqc_location_id);
    if (other && other->id != self_id)
      v.add("cqc_location_id",
            "Another organisation already has the CQC location ID " + org.cqc_location_id);
  }
}

}  // namespace

void require(const Actor& actor, Action action, const Organisation& org) {
  if (!allowed(actor, action, OrgRef{org.id, org.path}))
    throw Error(ErrorCode::forbidden, "You do not have permission to do this");
}

Organisation require_org(Database& db, const Actor& actor, Action action, int64_t org_id) {
  return require_found_org(actor, action,
                           db.read([&](Connection& c) { return store::find_org(c, org_id); }));
}

Organisation require_found_org(const Actor& actor, Action action, std::optional<Organisation> org) {
  // Someone who may not see an organisation is told it is not there, so ids reveal nothing.
  if (!org || !allowed(actor, Action::view_org, OrgRef{org->id, org->path}))
    throw Error(ErrorCode::not_found, "Page not found");
  require(actor, action, *org);
  return std::move(*org);
}

// ---- Sign-in ----

SignInResult sign_in(Database& db, const std::string& raw_email, const std::string& password,
                     const std::string& address, const std::string& user_agent, int64_t now,
                     const Limits& limits) {
  const std::string email = normalise_email(raw_email);
  Validation v;
  if (email.empty()) v.add("email", "Enter your email address");
  if (password.empty()) v.add("password", "Enter your password");
  v.throw_if_failed();

  auto [attempt, person] = db.transaction([&](Connection& c) {
    int64_t id = claim_attempt(c, {email, address}, now, limits, kSignInRefusal);
    return std::make_pair(id, store::find_person_by_email(c, email));
  });
  bool ok = false;
  if (person && !person->password_hash.empty() && person->disabled_at == 0) {
    ok = verify_password(password, person->password_hash);
  } else {
    burn_password_check_time();  // same time whether or not the account exists
  }
  if (!ok) {
    db.transaction([&](Connection& c) {
      attempt_failed(c, attempt);
      if (person)
        audit(c, now, person->id, 0, "session.sign_in_failed", "person", std::to_string(person->id),
              {{"address", address}});
    });
    throw Error(ErrorCode::validation, "Enter a correct email address and password",
                {{"email", "Enter a correct email address and password"}});
  }
  SignInResult result;
  result.person_id = person->id;
  db.transaction([&](Connection& c) {
    attempt_succeeded(c, attempt);
    Actor actor = store::load_actor(c, person->id);
    if (person->mfa_enabled())
      result.stage = "mfa";
    else if (actor.needs_mfa())
      result.stage = "enrol";
    else
      result.stage = "full";
    int64_t first_org = actor.memberships.empty() ? 0 : actor.memberships.front().org_id;
    result.session_id =
        new_session(c, person->id, result.stage, address, user_agent, now, first_org);
    if (result.stage == "full")
      audit(c, now, person->id, 0, "session.sign_in", "person", std::to_string(person->id),
            {{"address", address}, {"mfa", false}});
  });
  if (password_needs_rehash(person->password_hash)) {
    std::string fresh = hash_password(password);
    db.transaction([&](Connection& c) { store::set_password_hash(c, person->id, fresh); });
  }
  return result;
}

std::string complete_mfa(Database& db, const store::SessionRecord& session, const std::string& code,
                         bool is_recovery_code, const std::string& address,
                         const std::string& user_agent, int64_t now, const Limits& limits) {
  if (session.stage != "mfa") throw Error(ErrorCode::forbidden, "Sign in first");
  const char* field = is_recovery_code ? "recovery_code" : "code";
  if (code.empty())
    throw Error(ErrorCode::validation, "Enter the code",
                {{field, is_recovery_code ? "Enter one of your recovery codes"
                                          : "Enter the 6-digit code from your authenticator app"}});
  // Wrong codes are counted like wrong passwords (under "mfa:<email>"), so a stolen password
  // does not allow unlimited guessing of the six digits.
  auto new_id = db.transaction([&](Connection& c) -> std::optional<std::string> {
    auto person = store::find_person(c, session.person_id);
    if (!person || !person->mfa_enabled()) throw Error(ErrorCode::forbidden, "Sign in first");
    const int64_t attempt =
        claim_attempt(c, {"mfa:" + person->email, address}, now, limits,
                      "There have been too many wrong codes. Wait 15 minutes, then sign in again.");
    bool ok = false;
    if (is_recovery_code) {
      ok = store::use_recovery_code(c, person->id, recovery_code_hash(code), now);
    } else {
      int64_t step = verify_totp(person->mfa_secret, code, now, person->mfa_last_step);
      ok = step > 0 && store::use_totp_step(c, person->id, step);
    }
    if (!ok) {
      attempt_failed(c, attempt);
      return std::nullopt;
    }
    attempt_succeeded(c, attempt);
    store::delete_session(c, session.id_hash);
    std::string id =
        new_session(c, person->id, "full", address, user_agent, now, session.active_org_id);
    audit(c, now, person->id, 0, "session.sign_in", "person", std::to_string(person->id),
          {{"address", address}, {"mfa", true}, {"recovery_code", is_recovery_code}});
    return id;
  });
  if (new_id) return *new_id;
  throw Error(ErrorCode::validation, "The code is not correct",
              {{field, is_recovery_code ? "That recovery code is not correct or has been used"
                                        : "The code is not correct or has expired. Enter the "
                                          "newest code from your authenticator app"}});
}

std::string begin_mfa_enrolment(Database& db, int64_t person_id) {
  std::string secret = new_totp_secret();
  db.transaction([&](Connection& c) {
    auto person = store::find_person(c, person_id);
    if (!person) throw Error(ErrorCode::not_found, "Not found");
    if (person->mfa_enabled())
      throw Error(ErrorCode::conflict, "Two-step verification is already set up");
    store::set_pending_mfa_secret(c, person_id, secret);
  });
  return secret;
}

EnrolmentResult confirm_mfa_enrolment(Database& db, const store::SessionRecord& session,
                                      const std::string& code, const std::string& address,
                                      const std::string& user_agent, int64_t now) {
  if (code.empty())
    throw Error(ErrorCode::validation, "Enter the code",
                {{"code", "Enter the 6-digit code from your authenticator app"}});
  EnrolmentResult result;
  result.recovery_codes = new_recovery_codes(10);
  std::vector<std::string> hashes;
  for (const auto& rc : result.recovery_codes) hashes.push_back(recovery_code_hash(rc));
  result.session_id = db.transaction([&](Connection& c) {
    auto person = store::find_person(c, session.person_id);
    if (!person || person->mfa_secret.empty())
      throw Error(ErrorCode::conflict, "Start setting up two-step verification again");
    if (person->mfa_enabled())
      throw Error(ErrorCode::conflict, "Two-step verification is already set up");
    int64_t step = verify_totp(person->mfa_secret, code, now, 0);
    if (step == 0)
      throw Error(ErrorCode::validation, "The code is not correct",
                  {{"code",
                    "The code is not correct. Check the time on your phone is right and "
                    "enter the newest code"}});
    store::enable_mfa(c, person->id, now, step);
    store::replace_recovery_codes(c, person->id, hashes);
    store::delete_session(c, session.id_hash);
    std::string id =
        new_session(c, person->id, "full", address, user_agent, now, session.active_org_id);
    audit(c, now, person->id, 0, "person.mfa_enabled", "person", std::to_string(person->id), {});
    return id;
  });
  return result;
}

void sign_out(Database& db, const std::string& session_hash) {
  db.transaction([&](Connection& c) { store::delete_session(c, session_hash); });
}

// ---- Organisations ----

Organisation create_org(Database& db, const Actor& actor, int64_t parent_id, const OrgInput& input,
                        int64_t now) {
  Organisation org;
  Validation v;
  validate_org_input(input, org, v);
  org.parent_id = parent_id;
  org.created_at = now;
  org.updated_at = now;
  return db.transaction([&](Connection& c) {
    std::optional<Organisation> parent;
    if (parent_id > 0) {
      parent = store::find_org(c, parent_id);
      if (!parent || !allowed(actor, Action::view_org, OrgRef{parent->id, parent->path}))
        throw Error(ErrorCode::not_found, "Page not found");
      require(actor, Action::add_child_org, *parent);
      if (v.ok() && !may_be_child_of(org.type, parent->type))
        v.add("type", std::string("A ") + org_type_label(org.type) + " cannot be added to a " +
                          org_type_label(parent->type));
    } else {
      if (!actor.has_role(Role::national_admin))
        throw Error(ErrorCode::forbidden, "You do not have permission to do this");
      if (v.ok() && !may_be_top_level(org.type))
        v.add("type", "Only the national team can be at the top of the tree");
      if (v.ok() && org.type == OrgType::national && store::find_national(c))
        v.add("type", "There is already a national team");
    }
    check_person_org_conflicts(c, org, v, 0);
    v.throw_if_failed();
    store::insert_org(c, org);
    audit(c, now, actor.person_id, org.id, "org.create", "organisation", std::to_string(org.id),
          {{"after", org_json(org)}, {"parent_id", parent_id}});
    return org;
  });
}

Organisation update_org(Database& db, const Actor& actor, int64_t org_id, const OrgInput& input,
                        int64_t now) {
  Organisation changes;
  Validation v;
  validate_org_input(input, changes, v);
  return db.transaction([&](Connection& c) {
    auto org = store::find_org(c, org_id);
    if (!org || !allowed(actor, Action::view_org, OrgRef{org->id, org->path}))
      throw Error(ErrorCode::not_found, "Page not found");
    require(actor, Action::edit_org, *org);
    if (v.ok() && changes.type != org->type)
      v.add("type", "The type of an organisation cannot be changed");
    check_person_org_conflicts(c, changes, v, org->id);
    v.throw_if_failed();
    Organisation before = *org;
    org->name = changes.name;
    org->ods_code = changes.ods_code;
    org->cqc_location_id = changes.cqc_location_id;
    org->staff_count = changes.staff_count;
    org->people_supported = changes.people_supported;
    org->updated_at = now;
    store::update_org(c, *org);
    audit(c, now, actor.person_id, org->id, "org.update", "organisation", std::to_string(org->id),
          {{"before", org_json(before)}, {"after", org_json(*org)}});
    return *org;
  });
}

// ---- People ----

InviteResult invite(Database& db, const Actor& actor, int64_t org_id, const InviteInput& input,
                    const std::string& base_url, int64_t now, const Limits& limits) {
  Validation v;
  const std::string email = normalise_email(input.email);
  if (auto p = email_problem(email); !p.empty()) v.add("email", p);
  std::string name = input.name;
  while (!name.empty() && name.back() == ' ') name.pop_back();
  while (!name.empty() && name.front() == ' ') name.erase(0, 1);
  if (name.empty())
    v.add("name", "Enter the person's full name");
  else if (name.size() > 200)
    v.add("name", "Name must be 200 characters or fewer");
  auto role = role_from_string(input.role);
  if (!role) v.add("role", "Select a role");
  InviteResult result;
  result.token = crypto::random_token(32);
  db.transaction([&](Connection& c) {
    auto org = store::find_org(c, org_id);
    if (!org || !allowed(actor, Action::view_org, OrgRef{org->id, org->path}))
      throw Error(ErrorCode::not_found, "Page not found");
    require(actor, Action::manage_people, *org);
    if (role) {
      bool may = false;
      for (const auto& m : actor.memberships)
        if (permits(m.role, Action::manage_people,
                    relation_between(m, actor, {org->id, org->path})) &&
            may_grant(m.role, *role))
          may = true;
      if (!may) v.add("role", "You cannot give people this role");
    }
    if (v.ok()) {
      if (store::has_pending_invitation(c, org->id, email, now))
        v.add("email",
              "This person has already been invited. You can cancel the invitation and send a new "
              "one");
      auto existing = store::find_person_by_email(c, email);
      if (existing) {
        for (const auto& m : store::memberships_of(c, existing->id))
          if (m.org_id == org->id && m.role == *role)
            v.add("email", "This person already has this role here");
      }
    }
    v.throw_if_failed();
    if (store::invitations_sent_since(c, org->id, now - 3600) >=
        limits.invitations_per_org_per_hour)
      throw Error(ErrorCode::too_many_requests,
                  "Too many invitations have been sent in the last hour. Try again later.");
    store::Invitation inv;
    inv.token_hash = crypto::sha256_hex(result.token);
    inv.org_id = org->id;
    inv.email = email;
    inv.name = name;
    inv.role = *role;
    inv.invited_by = actor.person_id;
    inv.created_at = now;
    inv.expires_at = now + limits.invitation_lifetime;
    store::insert_invitation(c, inv);
    const std::string link = base_url + "/invitations/" + result.token;
    mail::enqueue(
        c, email, "You have been invited to Careguard by " + org->name,
        "Hello " + name + ",\n\nYou have been invited to join " + org->name + " on Careguard as " +
            role_label(*role) +
            ".\n\nCareguard helps care organisations keep people's information safe.\n\n"
            "To accept, open this link within 7 days:\n\n" +
            link +
            "\n\nThe link works once. If you were not expecting this email, you can ignore it.\n",
        now);
    audit(c, now, actor.person_id, org->id, "person.invite", "invitation", std::to_string(inv.id),
          {{"email", email}, {"role", to_string(*role)}});
    result.invitation = inv;
  });
  return result;
}

void revoke_invitation(Database& db, const Actor& actor, int64_t org_id, int64_t invitation_id,
                       int64_t now) {
  db.transaction([&](Connection& c) {
    auto org = store::find_org(c, org_id);
    if (!org || !allowed(actor, Action::view_org, OrgRef{org->id, org->path}))
      throw Error(ErrorCode::not_found, "Page not found");
    require(actor, Action::manage_people, *org);
    auto inv = store::find_invitation(c, invitation_id);
    if (!inv || inv->org_id != org->id) throw Error(ErrorCode::not_found, "Page not found");
    if (!store::revoke_invitation(c, inv->id, now))
      throw Error(ErrorCode::conflict, "This invitation has already been used or cancelled");
    audit(c, now, actor.person_id, org->id, "person.invite_revoked", "invitation",
          std::to_string(inv->id), {{"email", inv->email}});
  });
}

store::Invitation find_usable_invitation(Database& db, const std::string& token, int64_t now) {
  auto inv = db.read([&](Connection& c) {
    return store::find_invitation_by_token_hash(c, crypto::sha256_hex(token));
  });
  if (!inv) throw Error(ErrorCode::not_found, "This invitation link is not valid");
  if (inv->accepted_at || inv->revoked_at || inv->expires_at <= now)
    throw Error(ErrorCode::gone,
                "This invitation has expired or has already been used. Ask your organisation "
                "lead to send you a new one.");
  return *inv;
}

int64_t accept_invitation(Database& db, const std::string& token, const AcceptInput& input,
                          int64_t now) {
  store::Invitation inv = find_usable_invitation(db, token, now);
  auto existing = db.read([&](Connection& c) { return store::find_person_by_email(c, inv.email); });
  Validation v;
  std::string name = input.name;
  std::string hash;
  if (existing) confirm_password(db, existing->id, input.password, input.address, now);
  if (!existing) {
    if (name.empty())
      v.add("name", "Enter your full name");
    else if (name.size() > 200)
      v.add("name", "Name must be 200 characters or fewer");
    PasswordCheck check = check_password(input.password, inv.email, name);
    if (input.password.empty())
      v.add("password", "Enter a password");
    else if (!check.ok)
      v.add("password", check.message);
    v.throw_if_failed();
    hash = hash_password(input.password);
  }
  return db.transaction([&](Connection& c) {
    if (!store::mark_invitation_accepted(c, inv.id, now))
      throw Error(ErrorCode::gone, "This invitation has expired or has already been used.");
    int64_t person_id;
    if (auto person = store::find_person_by_email(c, inv.email)) {
      person_id = person->id;
    } else {
      Person p;
      p.email = inv.email;
      p.name = name;
      p.password_hash = hash;
      p.created_at = now;
      store::insert_person(c, p);
      person_id = p.id;
    }
    store::add_membership(c, person_id, inv.org_id, inv.role, now);
    audit(c, now, person_id, inv.org_id, "person.invite_accepted", "invitation",
          std::to_string(inv.id), {{"email", inv.email}, {"role", to_string(inv.role)}});
    return person_id;
  });
}

void remove_membership(Database& db, const Actor& actor, int64_t org_id, int64_t membership_id,
                       int64_t now) {
  db.transaction([&](Connection& c) {
    auto org = store::find_org(c, org_id);
    if (!org || !allowed(actor, Action::view_org, OrgRef{org->id, org->path}))
      throw Error(ErrorCode::not_found, "Page not found");
    require(actor, Action::manage_people, *org);
    auto m = store::find_membership(c, membership_id);
    if (!m || m->org_id != org->id) throw Error(ErrorCode::not_found, "Page not found");
    if (m->role == Role::org_lead && store::count_role_in_org(c, org->id, Role::org_lead) <= 1)
      throw Error(
          ErrorCode::conflict,
          "This is the only organisation lead. Invite another lead before removing this one.");
    store::remove_membership(c, m->id);
    audit(c, now, actor.person_id, org->id, "person.role_removed", "membership",
          std::to_string(m->id), {{"person_id", m->person_id}, {"role", to_string(m->role)}});
  });
}

// ---- API tokens ----

NewToken create_api_token(Database& db, const Actor& actor, int64_t org_id, const std::string& name,
                          int64_t now) {
  Validation v;
  if (name.empty())
    v.add("name", "Enter a name for the token, like 'Spreadsheet export'");
  else if (name.size() > 100)
    v.add("name", "Name must be 100 characters or fewer");
  bool member = false;
  for (const auto& m : actor.memberships)
    if (m.org_id == org_id) member = true;
  if (!member) v.add("org_id", "Select an organisation you belong to");
  v.throw_if_failed();
  NewToken out;
  out.secret = "cg_" + crypto::random_token(32);
  out.token.person_id = actor.person_id;
  out.token.org_id = org_id;
  out.token.name = name;
  out.token.token_hash = crypto::sha256_hex(out.secret);
  out.token.prefix = out.secret.substr(0, 10);
  out.token.created_at = now;
  db.transaction([&](Connection& c) {
    store::insert_token(c, out.token);
    audit(c, now, actor.person_id, org_id, "token.create", "api_token",
          std::to_string(out.token.id), {{"name", name}});
  });
  return out;
}

void revoke_api_token(Database& db, const Actor& actor, int64_t token_id, int64_t now) {
  db.transaction([&](Connection& c) {
    if (!store::revoke_token(c, actor.person_id, token_id, now))
      throw Error(ErrorCode::not_found, "Token not found");
    audit(c, now, actor.person_id, 0, "token.revoke", "api_token", std::to_string(token_id), {});
  });
}

std::optional<store::ApiToken> authenticate_token(Database& db, const std::string& secret,
                                                  int64_t now) {
  if (secret.size() < 10 || secret.size() > 100) return std::nullopt;
  auto token = db.read(
      [&](Connection& c) { return store::find_active_token(c, crypto::sha256_hex(secret)); });
  if (token && (token->last_used_at == 0 || token->last_used_at < now - 60))
    db.transaction([&](Connection& c) { store::touch_token(c, token->id, now); });
  return token;
}

// ---- Set-up ----

int64_t ensure_person(Database& db, const std::string& raw_email, const std::string& name,
                      const std::string& password, int64_t now) {
  const std::string email = normalise_email(raw_email);
  Validation v;
  if (auto p = email_problem(email); !p.empty()) v.add("email", p);
  if (name.empty()) v.add("name", "Enter a name");
  PasswordCheck check = check_password(password, email, name);
  if (!check.ok) v.add("password", check.message);
  v.throw_if_failed();
  std::string hash = hash_password(password);
  return db.transaction([&](Connection& c) {
    if (auto existing = store::find_person_by_email(c, email)) return existing->id;
    Person p;
    p.email = email;
    p.name = name;
    p.password_hash = hash;
    p.created_at = now;
    store::insert_person(c, p);
    audit(c, now, 0, 0, "person.create", "person", std::to_string(p.id), {{"email", email}});
    return p.id;
  });
}

void grant_role(Database& db, int64_t actor_id, int64_t person_id, int64_t org_id, Role role,
                int64_t now) {
  db.transaction([&](Connection& c) {
    if (!store::find_org(c, org_id)) throw Error(ErrorCode::not_found, "Organisation not found");
    if (store::add_membership(c, person_id, org_id, role, now))
      audit(c, now, actor_id, org_id, "person.role_granted", "person", std::to_string(person_id),
            {{"role", to_string(role)}});
  });
}

}  // namespace cg::identity
