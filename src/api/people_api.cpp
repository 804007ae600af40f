// People in an organisation: members and their roles, pending invitations, removing a role.
#include "api/json_body.h"
#include "api/representations.h"
#include "api/routes.h"
#include "identity/service.h"
#include "identity/store/invitation_store.h"
#include "identity/store/people_store.h"

namespace cg::api {

using identity::Action;
using nlohmann::json;

void register_people_api(web::App& app) {
  const std::string org = std::string(kPrefix) + "/orgs/{id}";

  app.api("GET", org + "/people", [](web::Ctx& ctx) {
    auto o =
        identity::require_org(ctx.app.db(), ctx.actor, Action::view_people, ctx.req.param_id("id"));
    auto members = ctx.app.db().read(
        [&](store::Connection& c) { return identity::store::members_of(c, o.id); });
    json items = json::array();
    for (const auto& m : members) items.push_back(member_json(m));
    return json_response({{"data", items}});
  });

  app.api("GET", org + "/invitations", [](web::Ctx& ctx) {
    auto o =
        identity::require_org(ctx.app.db(), ctx.actor, Action::view_people, ctx.req.param_id("id"));
    const int64_t now = ctx.now();
    auto pending = ctx.app.db().read(
        [&](store::Connection& c) { return identity::store::pending_invitations(c, o.id, now); });
    json items = json::array();
    for (const auto& inv : pending) items.push_back(invitation_json(inv));
    return json_response({{"data", items}});
  });

  app.api("POST", org + "/invitations", [](web::Ctx& ctx) {
    const int64_t org_id = ctx.req.param_id("id");
    // Permission before the details: someone who may not invite here learns nothing else.
    identity::require_org(ctx.app.db(), ctx.actor, Action::manage_people, org_id);
    json body = parse_json_object(ctx.req);
    BodyReader in(body, {"email", "name", "role"});
    identity::InviteInput input;
    input.email = in.text("email").value_or("");
    input.name = in.text("name").value_or("");
    input.role = in.text("role").value_or("");
    in.finish();
    auto result = identity::invite(ctx.app.db(), ctx.actor, org_id, input,
                                   ctx.app.config().public_base_url(), ctx.now());
    // The token in result.token goes only into the invitee's email, never into a response.
    return json_response(invitation_json(result.invitation), 201);
  });

  app.api("DELETE", org + "/invitations/{invitation_id}", [](web::Ctx& ctx) {
    identity::revoke_invitation(ctx.app.db(), ctx.actor, ctx.req.param_id("id"),
                                ctx.req.param_id("invitation_id"), ctx.now());
    return no_content();
  });

  app.api("DELETE", org + "/memberships/{membership_id}", [](web::Ctx& ctx) {
    identity::remove_membership(ctx.app.db(), ctx.actor, ctx.req.param_id("id"),
                                ctx.req.param_id("membership_id"), ctx.now());
    return no_content();
  });
}

}  // namespace cg::api
