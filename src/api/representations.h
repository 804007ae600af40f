#pragma once
// How identity records look in the JSON API (the schemas in content/api/openapi.json).
// Times are ISO 8601 UTC strings; optional text and ids are null rather than "" or 0.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "http/message.h"
#include "identity/audit.h"
#include "identity/model.h"
#include "identity/store/invitation_store.h"
#include "identity/store/people_store.h"

namespace cg::api {

nlohmann::json org_json(const identity::Organisation& org);
nlohmann::json member_json(const identity::store::Member& member);
// Never includes the invitation's token or its hash: the link goes only to the invitee.
nlohmann::json invitation_json(const identity::store::Invitation& invitation);
// `actor_name` is empty for the system or a person who no longer exists.
nlohmann::json audit_entry_json(const identity::AuditEntry& entry, const std::string& actor_name);
nlohmann::json role_json(identity::Role role);

// A JSON response; text that is not valid UTF-8 is replaced rather than failing the request.
http::Response json_response(const nlohmann::json& body, int status = 200);
http::Response no_content();

}  // namespace cg::api
