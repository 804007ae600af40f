// People and roles in an organisation: the list, invitations, accepting an invitation and
// removing a role.
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "identity/passwords.h"
#include "identity/service.h"
#include "identity/store/invitation_store.h"
#include "identity/store/org_store.h"
#include "identity/store/people_store.h"
#include "web/app.h"
#include "web/form_fields.h"

namespace cg::web {

using http::Access;
using http::Response;
using identity::Action;
using nlohmann::json;

namespace {

std::vector<Breadcrumb> crumbs(const identity::Organisation& o) {
  return {{"/", "Home"}, {"/orgs", "Organisations"}, {"/orgs/" + std::to_string(o.id), o.name}};
}

json role_options(const Ctx& ctx, const identity::Organisation& org, const std::string& selected) {
  json options = json::array();
  for (auto role : identity::kAllRoles) {
    bool may = false;
    for (const auto& m : ctx.actor.memberships)
      if (identity::permits(m.role, Action::manage_people,
                            identity::relation_between(m, ctx.actor, {org.id, org.path})) &&
          identity::may_grant(m.role, role))
        may = true;
    if (!may) continue;
    options.push_back({{"value", identity::to_string(role)},
                       {"label", identity::role_label(role)},
                       {"hint", identity::role_description(role)},
                       {"id", std::string("role-") + identity::to_string(role)},
                       {"checked", selected == identity::to_string(role)}});
  }
  return options;
}

json invite_context(const Ctx& ctx, const identity::Organisation& org,
                    const identity::InviteInput& in, const json& errors) {
  json options = role_options(ctx, org, in.role);
  if (!options.empty()) options[0]["first"] = true;
  return {{"org_id", org.id},
          {"org_name", org.name},
          {"name_field", text_field({"name", "Full name", "text", "", "off"}, in.name, errors)},
          {"email_field", text_field({"email", "Email address", "email",
                                      "We will send an invitation link to this address", "off"},
                                     in.email, errors)},
          {"roles", options},
          {"role_error", errors.contains("role") ? errors["role"] : json()}};
}

json accept_context(const identity::store::Invitation& inv, const std::string& org_name,
                    bool new_person, const std::string& name, const json& errors) {
  return {{"org_name", org_name},
          {"email", inv.email},
          {"role", identity::role_label(inv.role)},
          {"new_person", new_person},
          {"needs_mfa", identity::role_needs_mfa(inv.role)},
          {"name_field", text_field({"name", "Your full name", "text", "", "name"},
                                    name.empty() ? inv.name : name, errors)},
          {"password_field",
           new_person ? text_field({"password", "Create a password", "password",
                                    "Use at least 12 characters. Three random words work "
                                    "well, like 'kettle orange bicycle'.",
                                    "new-password"},
                                   "", errors)
                      : text_field({"password", "Your Careguard password", "password",
                                    "To check it is you, enter the password you sign in with",
                                    "current-password"},
                                   "", errors)}};
}

}  // namespace

void register_people_pages(App& app) {
  app.page("GET", "/orgs/{id}/people", Access::signed_in, [](Ctx& ctx) {
    auto org =
        identity::require_org(ctx.app.db(), ctx.actor, Action::view_people, ctx.req.param_id("id"));
    const int64_t now = ctx.now();
    auto [members, invitations] = ctx.app.db().read([&](store::Connection& c) {
      return std::make_pair(identity::store::members_of(c, org.id),
                            identity::store::pending_invitations(c, org.id, now));
    });
    const bool may_manage = identity::allowed(ctx.actor, Action::manage_people, {org.id, org.path});
    json people = json::array();
    for (const auto& m : members)
      people.push_back({{"membership_id", m.membership_id},
                        {"name", m.name},
                        {"email", m.email},
                        {"role", identity::role_label(m.role)},
                        {"mfa", m.mfa_enabled ? "On" : "Not set up"},
                        {"may_manage", may_manage}});
    json invites = json::array();
    for (const auto& i : invitations)
      invites.push_back({{"id", i.id},
                         {"name", i.name},
                         {"email", i.email},
                         {"role", identity::role_label(i.role)},
                         {"expires", clock::human_date(i.expires_at)},
                         {"may_manage", may_manage}});
    json context = {{"org_id", org.id},
                    {"org_name", org.name},
                    {"people", people},
                    {"invitations", invites},
                    {"has_invitations", !invites.empty()},
                    {"may_manage", may_manage}};
    return ctx.app.render(ctx, "people/list", std::move(context), "People at " + org.name,
                          crumbs(org));
  });

  app.page("GET", "/orgs/{id}/invitations/new", Access::signed_in, [](Ctx& ctx) {
    auto org = identity::require_org(ctx.app.db(), ctx.actor, Action::manage_people,
                                     ctx.req.param_id("id"));
    return ctx.app.render(ctx, "people/invite", invite_context(ctx, org, {}, json::object()),
                          "Invite someone", crumbs(org));
  });

  app.page("POST", "/orgs/{id}/invitations/new", Access::signed_in, [](Ctx& ctx) {
    auto org = identity::require_org(ctx.app.db(), ctx.actor, Action::manage_people,
                                     ctx.req.param_id("id"));
    identity::InviteInput in{ctx.field("email"), ctx.field("name"), ctx.field("role")};
    try {
      auto result = identity::invite(ctx.app.db(), ctx.actor, org.id, in,
                                     ctx.app.config().public_base_url(), ctx.now());
      return ctx.app.redirect_with_flash(
          ctx, "/orgs/" + std::to_string(org.id) + "/people",
          "We have sent an invitation to " + result.invitation.email);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      return ctx.app.render_form_error(ctx, "people/invite",
                                       invite_context(ctx, org, in, field_errors_map(e.fields())),
                                       "Invite someone", e.fields(), crumbs(org));
    }
  });

  app.page("POST", "/orgs/{id}/invitations/{invitation}/revoke", Access::signed_in, [](Ctx& ctx) {
    const int64_t id = ctx.req.param_id("id");
    identity::revoke_invitation(ctx.app.db(), ctx.actor, id, ctx.req.param_id("invitation"),
                                ctx.now());
    return ctx.app.redirect_with_flash(ctx, "/orgs/" + std::to_string(id) + "/people",
                                       "The invitation has been cancelled");
  });

  app.page("POST", "/orgs/{id}/memberships/{membership}/remove", Access::signed_in, [](Ctx& ctx) {
    const int64_t id = ctx.req.param_id("id");
    identity::remove_membership(ctx.app.db(), ctx.actor, id, ctx.req.param_id("membership"),
                                ctx.now());
    return ctx.app.redirect_with_flash(ctx, "/orgs/" + std::to_string(id) + "/people",
                                       "The role has been removed");
  });

  app.page("GET", "/invitations/{token}", Access::public_page, [](Ctx& ctx) {
    auto inv = identity::find_usable_invitation(ctx.app.db(), ctx.req.param("token"), ctx.now());
    auto [org, person] = ctx.app.db().read([&](store::Connection& c) {
      return std::make_pair(identity::store::find_org(c, inv.org_id),
                            identity::store::find_person_by_email(c, inv.email));
    });
    return ctx.app.render(ctx, "people/accept",
                          accept_context(inv, org ? org->name : "", !person, "", json::object()),
                          "Accept your invitation");
  });

  app.page("POST", "/invitations/{token}", Access::public_page, [](Ctx& ctx) {
    const std::string token = ctx.req.param("token");
    auto inv = identity::find_usable_invitation(ctx.app.db(), token, ctx.now());
    auto [org, person] = ctx.app.db().read([&](store::Connection& c) {
      return std::make_pair(identity::store::find_org(c, inv.org_id),
                            identity::store::find_person_by_email(c, inv.email));
    });
    try {
      identity::accept_invitation(
          ctx.app.db(), token, {ctx.field("name"), ctx.field("password"), ctx.req.remote_address},
          ctx.now());
      return ctx.app.redirect_with_flash(ctx, "/sign-in",
                                         "Your invitation has been accepted. Sign in to continue.");
    } catch (const Error& e) {
      const bool locked = e.code() == ErrorCode::too_many_requests;
      if (e.code() != ErrorCode::validation && !locked) throw;
      const std::vector<FieldError> errors =
          locked ? std::vector<FieldError>{{"password", e.what()}} : e.fields();
      http::Response r =
          ctx.app.render_form_error(ctx, "people/accept",
                                    accept_context(inv, org ? org->name : "", !person,
                                                   ctx.field("name"), field_errors_map(errors)),
                                    "Accept your invitation", errors);
      if (locked) {
        r.status = 429;
        r.headers["Retry-After"] = "900";
      }
      return r;
    }
  });
}

}  // namespace cg::web
