// Organisations: list what the token may see, add one beneath another, read and change one.
#include "api/json_body.h"
#include "api/pagination.h"
#include "api/representations.h"
#include "api/routes.h"
#include "identity/service.h"
#include "identity/store/org_store.h"

namespace cg::api {

using identity::Action;
using nlohmann::json;

namespace {

constexpr const char* kStaffCountMessage = "staff_count must be a whole number, like 25";
constexpr const char* kPeopleSupportedMessage = "people_supported must be a whole number, like 40";

std::string org_location(int64_t id) {
  return std::string(kPrefix) + "/orgs/" + std::to_string(id);
}

}  // namespace

void register_org_api(web::App& app) {
  const std::string orgs = std::string(kPrefix) + "/orgs";

  app.api("GET", orgs, [](web::Ctx& ctx) {
    const std::string q = ctx.req.query_value("q");
    if (q.size() > 200)
      throw Error(ErrorCode::bad_request, "q must be 200 characters or fewer",
                  {{"q", "q must be 200 characters or fewer"}});
    const int limit = page_limit(ctx.req);
    const int64_t after = page_cursor(ctx.req, "org");
    auto page = ctx.app.db().read([&](store::Connection& c) {
      return identity::store::visible_orgs(c, ctx.actor.person_id, q, after, limit,
                                           ctx.token->org_id);
    });
    json items = json::array();
    for (const auto& o : page.items) items.push_back(org_json(o));
    return json_response(page_json(std::move(items), "org", page.next_after));
  });

  app.api("POST", orgs, [](web::Ctx& ctx) {
    json body = parse_json_object(ctx.req);
    BodyReader in(body, {"parent_id", "name", "type", "ods_code", "cqc_location_id", "staff_count",
                         "people_supported"});
    identity::OrgInput input;
    const auto parent = in.id("parent_id");  // nullopt: absent, or not an id (reported below)
    const int64_t parent_id = parent.value_or(0);
    // Permission before the details: a caller who may not add here hears only that.
    if (parent_id > 0)
      identity::require_org(ctx.app.db(), ctx.actor, Action::add_child_org, parent_id);
    else if ((parent || !body.contains("parent_id")) &&
             !ctx.actor.has_role(identity::Role::national_admin))
      throw Error(ErrorCode::forbidden,
                  "Only the national team can add a top-level organisation: give parent_id");
    input.name = in.text("name").value_or("");
    input.type = in.text("type").value_or("");
    input.ods_code = in.text("ods_code").value_or("");
    input.cqc_location_id = in.text("cqc_location_id").value_or("");
    input.staff_count = in.count("staff_count", kStaffCountMessage).value_or("");
    input.people_supported = in.count("people_supported", kPeopleSupportedMessage).value_or("");
    in.finish();
    auto org = identity::create_org(ctx.app.db(), ctx.actor, parent_id, input, ctx.now());
    http::Response r = json_response(org_json(org), 201);
    r.headers["Location"] = org_location(org.id);
    return r;
  });

  app.api("GET", orgs + "/{id}", [](web::Ctx& ctx) {
    auto org =
        identity::require_org(ctx.app.db(), ctx.actor, Action::view_org, ctx.req.param_id("id"));
    return json_response(org_json(org));
  });

  // A partial update: fields left out keep their values; null clears an optional one.
  app.api("PATCH", orgs + "/{id}", [](web::Ctx& ctx) {
    auto org =
        identity::require_org(ctx.app.db(), ctx.actor, Action::edit_org, ctx.req.param_id("id"));
    json body = parse_json_object(ctx.req, {"application/merge-patch+json"});
    BodyReader in(body, {"name", "ods_code", "cqc_location_id", "staff_count", "people_supported"});
    in.refuse("type", "The type of an organisation cannot be changed");
    in.refuse("parent_id", "An organisation cannot be moved beneath another one");
    identity::OrgInput input;
    input.type = identity::to_string(org.type);
    input.name = in.text("name").value_or(org.name);
    input.ods_code = in.text("ods_code").value_or(org.ods_code);
    input.cqc_location_id = in.text("cqc_location_id").value_or(org.cqc_location_id);
    input.staff_count =
        in.count("staff_count", kStaffCountMessage).value_or(std::to_string(org.staff_count));
    input.people_supported = in.count("people_supported", kPeopleSupportedMessage)
                                 .value_or(std::to_string(org.people_supported));
    in.finish();
    auto updated = identity::update_org(ctx.app.db(), ctx.actor, org.id, input, ctx.now());
    return json_response(org_json(updated));
  });
}

}  // namespace cg::api
