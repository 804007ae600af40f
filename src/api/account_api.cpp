// Who the token belongs to, the roles there are, and the OpenAPI document describing the API.
#include <fstream>
#include <sstream>

#include "api/representations.h"
#include "api/routes.h"
#include "core/log.h"
#include "identity/store/org_store.h"

namespace cg::api {

using nlohmann::json;

std::string openapi_path(const Config& config) {
  return config.share() + "/content/api/openapi.json";
}

namespace {

// Read once at start; an unreadable or malformed file is logged and the route answers 503.
std::string load_openapi(const Config& config) {
  const std::string path = openapi_path(config);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) {
    log::warn("openapi_missing", {{"path", path}});
    return "";
  }
  if (json::parse(text.str(), nullptr, false).is_discarded()) {
    log::warn("openapi_invalid", {{"path", path}});
    return "";
  }
  return text.str();
}

}  // namespace

void register_account_api(web::App& app) {
  app.api("GET", std::string(kPrefix) + "/me", [](web::Ctx& ctx) {
    const auto& token = *ctx.token;
    auto org = ctx.app.db().read(
        [&](store::Connection& c) { return identity::store::find_org(c, token.org_id); });
    json roles = json::array();
    for (const auto& m : ctx.actor.memberships)  // already only those in the token's organisation
      roles.push_back({{"membership_id", m.id},
                       {"role", identity::to_string(m.role)},
                       {"label", identity::role_label(m.role)}});
    json organisation;
    if (org)
      organisation = {{"id", org->id},
                      {"name", org->name},
                      {"type", identity::to_string(org->type)},
                      {"type_label", identity::org_type_label(org->type)}};
    return json_response(
        {{"id", ctx.person->id},
         {"name", ctx.person->name},
         {"email", ctx.person->email},
         {"mfa_enabled", ctx.person->mfa_enabled()},
         {"organisation", organisation},
         {"roles", roles},
         {"token", {{"id", token.id}, {"name", token.name}, {"prefix", token.prefix}}}});
  });

  app.api("GET", std::string(kPrefix) + "/roles", [](web::Ctx&) {
    json roles = json::array();
    for (auto role : identity::kAllRoles) roles.push_back(role_json(role));
    return json_response({{"data", roles}});
  });

  app.page("GET", std::string(kPrefix) + "/openapi.json", http::Access::public_page,
           [document = load_openapi(app.config())](web::Ctx&) {
             if (document.empty())
               throw Error(ErrorCode::unavailable,
                           "The API description is not installed on this server");
             http::Response r = http::Response::json(document);
             r.headers["Cache-Control"] = "public, max-age=300";
             return r;
           });
}

}  // namespace cg::api
