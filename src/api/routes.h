#pragma once
// Registration of the JSON API's routes, one function per group, all under /api/v1 and all
// (except the OpenAPI document) needing a personal API token. register_api (api_routes.cpp)
// calls each of them.
#include <string>

#include "web/app.h"

namespace cg::api {

inline constexpr const char* kPrefix = "/api/v1";

void register_account_api(web::App& app);    // /me, /roles, /openapi.json
void register_org_api(web::App& app);        // /orgs, /orgs/{id}
void register_people_api(web::App& app);     // people, invitations, memberships of an org
void register_audit_api(web::App& app);      // /orgs/{id}/audit
void register_framework_api(web::App& app);  // /frameworks, /frameworks/{framework}/{edition}
void register_toolkit_api(web::App& app);  // assessments, answers, evidence, plan, publish, status

// The OpenAPI document's path, beside the templates: <share>/content/api/openapi.json.
std::string openapi_path(const Config& config);

}  // namespace cg::api
