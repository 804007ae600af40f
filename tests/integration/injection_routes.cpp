#include "injection_routes.h"

#include <map>

#include "core/clock.h"
#include "harness.h"
#include "toolkit/scoring/london_time.h"

namespace cg::test {

namespace {

using nlohmann::json;

const std::map<std::string, Who> kActors = {
    {"GET /healthz", Who::anonymous},
    {"GET /readyz", Who::anonymous},
    {"GET /metrics", Who::anonymous},
    {"GET /accessibility", Who::anonymous},
    {"GET /privacy", Who::anonymous},
    {"GET /help", Who::anonymous},
    {"GET /sign-in", Who::anonymous},
    {"POST /sign-in", Who::anonymous},
    {"GET /password-reset", Who::anonymous},
    {"POST /password-reset", Who::anonymous},
    {"GET /password-reset/{token}", Who::anonymous},
    {"POST /password-reset/{token}", Who::anonymous},
    {"GET /status", Who::anonymous},
    {"GET /status.csv", Who::anonymous},
    {"GET /orgs/{id}/status", Who::anonymous},
    {"GET /frameworks/{framework}/{edition}/oscal/catalog.json", Who::anonymous},
    {"GET /invitations/{token}", Who::invitee},
    {"POST /invitations/{token}", Who::invitee},
    {"GET /sign-in/mfa", Who::second_step},
    {"POST /sign-in/mfa", Who::second_step},
    {"GET /sign-in/recovery", Who::second_step},
    {"POST /sign-in/recovery", Who::second_step},
    {"GET /account/mfa/setup", Who::enrolling},
    {"POST /account/mfa/setup", Who::enrolling},
    {"GET /dashboard", Who::admin},
    {"GET /orgs/{id}/dashboard", Who::admin},
    {"GET /orgs/{id}/dashboard.csv", Who::admin},
    {"GET /orgs/{id}/dashboard.xlsx", Who::admin},
    {"GET /import/statuses", Who::admin},
    {"POST /import/statuses", Who::admin},
    {"GET /orgs/new", Who::admin},
    {"POST /orgs/new", Who::admin},
    {"POST /orgs/{id}/portfolio", Who::support_lead},
    {"POST /orgs/{id}/portfolio/{provider}/remove", Who::support_lead},
    {"POST /orgs/{id}/portfolio/requests/{request}/withdraw", Who::support_lead},
    {"GET /orgs/{id}/portfolio/assign", Who::admin},
    {"POST /orgs/{id}/portfolio/assign", Who::admin},
    {"GET /orgs/{id}/portfolio/progress", Who::adviser},
    {"GET /orgs/{id}/toolkit/{assessment}/publications/{publication}/review", Who::auditor},
    {"POST /orgs/{id}/toolkit/{assessment}/publications/{publication}/review", Who::auditor},
    {"POST /orgs/{id}/toolkit/{assessment}/publications/{publication}/review/finalise",
     Who::auditor},
};

const std::map<std::string, std::map<std::string, std::string>> kRecordsFor = {
    {"GET /password-reset/{token}", {{"token", "reset_token"}}},
    {"POST /password-reset/{token}", {{"token", "reset_token"}}},
    {"GET /orgs/{id}/dashboard", {{"id", "ics"}}},
    {"GET /orgs/{id}/dashboard.csv", {{"id", "ics"}}},
    {"GET /orgs/{id}/dashboard.xlsx", {{"id", "ics"}}},
    {"POST /orgs/{id}/portfolio", {{"id", "support"}}},
    {"POST /orgs/{id}/portfolio/{provider}/remove", {{"id", "support"}}},
    {"POST /orgs/{id}/portfolio/requests/{request}/withdraw", {{"id", "support"}}},
    {"GET /orgs/{id}/portfolio/assign", {{"id", "support"}}},
    {"POST /orgs/{id}/portfolio/assign", {{"id", "support"}}},
    {"GET /orgs/{id}/portfolio/progress", {{"id", "support"}}},
    {"POST /account/tokens/{id}/revoke", {{"id", "token_id"}}},
    {"POST /orgs/{id}/checklists/{framework}/start", {{"framework", "checklist"}}},
};

const std::map<std::string, std::string> kFormPages = {
    {"POST /sign-out", "/"},
    {"POST /account/tokens", "/account"},
    {"POST /account/tokens/{id}/revoke", "/account"},
    {"POST /orgs/new", "/orgs/new?parent={ics}"},
    {"POST /orgs/{id}/portfolio", "/orgs/{id}"},
    {"POST /orgs/{id}/portfolio/{provider}/remove", "/orgs/{id}"},
    {"POST /orgs/{id}/supporters/{support}/remove", "/orgs/{id}"},
    {"POST /orgs/{id}/support-requests/{request}/accept", "/orgs/{id}"},
    {"POST /orgs/{id}/support-requests/{request}/decline", "/orgs/{id}"},
    {"POST /orgs/{id}/portfolio/requests/{request}/withdraw", "/orgs/{id}"},
    {"POST /orgs/{id}/invitations/{invitation}/revoke", "/orgs/{id}/people"},
    {"POST /orgs/{id}/memberships/{membership}/remove", "/orgs/{id}/people"},
    {"POST /orgs/{id}/toolkit/start", "/orgs/{id}/toolkit"},
    {"POST /orgs/{id}/checklists/{framework}/start", "/orgs/{id}/toolkit"},
    {"POST /orgs/{id}/toolkit/{assessment}/publish", "/orgs/{id}/toolkit/{assessment}/check"},
    {"POST /orgs/{id}/toolkit/{assessment}/items/{item}/evidence",
     "/orgs/{id}/toolkit/{assessment}/items/{item}"},
    {"POST /orgs/{id}/toolkit/{assessment}/items/{item}/evidence/upload",
     "/orgs/{id}/toolkit/{assessment}/items/{item}"},
    {"POST /orgs/{id}/toolkit/{assessment}/publications/{publication}/review/request",
     "/orgs/{id}/toolkit/{assessment}/publications/{publication}/review"},
    {"POST /orgs/{id}/toolkit/{assessment}/publications/{publication}/review/finalise",
     "/orgs/{id}/toolkit/{assessment}/publications/{publication}/review"},
    {"POST /orgs/{id}/toolkit/{assessment}/publications/{publication}/review/plan",
     "/orgs/{id}/toolkit/{assessment}/publications/{publication}/review"},
};

const std::map<std::string, std::vector<std::string>> kHiddenFormFields = {
    // Shown only until this year's assessment is started, which the set-up has done.
    {"POST /orgs/{id}/toolkit/start", {"copy_forward"}},
    // Shown only while a request waits for an answer; the set-up's request has been accepted.
    {"POST /orgs/{id}/support-requests/{request}/accept", {}},
    {"POST /orgs/{id}/support-requests/{request}/decline", {}},
    {"POST /orgs/{id}/portfolio/requests/{request}/withdraw", {}},
};

const std::map<std::string, std::vector<std::pair<std::string, std::string>>> kValidValues = {
    {"POST /sign-in", {{"email", "nobody@example.test"}, {"password", "this is not the password"}}},
    // An address with no account, so no probe sends mail (the address limit soon answers 429).
    {"POST /password-reset", {{"email", "{email}"}}},
    {"POST /orgs/new", {{"name", "Probe Home"}, {"type", "care_home"}}},
    {"POST /orgs/{id}/portfolio/assign", {{"codes", "AA1A1"}}},
    {"POST /orgs/{id}/invitations/new",
     {{"email", "{email}"}, {"name", "Ivy Invited"}, {"role", "staff"}}},
    {"POST /account/tokens", {{"token_name", "Probe token"}}},
    {"POST /orgs/{id}/toolkit/{assessment}/items/{item}/evidence",
     {{"evidence_title", "Probe evidence"},
      {"evidence_url", "https://example.org/probe"},
      {"evidence_owner", "Ann Owner"}}},
    {"POST /orgs/{id}/toolkit/{assessment}/items/{item}/comments", {{"body", "A probe comment"}}},
};

const std::map<std::string, std::vector<std::string>> kUnlistedQueryParams = {
    {"GET /sign-in", {"next"}},
    {"GET /orgs", {"q", "after"}},
    {"GET /orgs/new", {"parent"}},
    {"GET /orgs/{id}/audit", {"before"}},
    {"GET /status", {"q", "page"}},
    {"GET /orgs/{id}/toolkit/{assessment}/compare", {"show"}},
    {"GET /orgs/{id}/toolkit/{assessment}/caf", {"profile"}},
    // The downloads take the dashboard's filters; their links are on the dashboard page.
    {"GET /orgs/{id}/dashboard.csv",
     {"edition", "by", "status", "type", "size", "name", "sort", "dir", "page"}},
    {"GET /orgs/{id}/dashboard.xlsx",
     {"edition", "by", "status", "type", "size", "name", "sort", "dir", "page"}},
};

}  // namespace

Who who_uses(const std::string& route) {
  auto it = kActors.find(route);
  return it == kActors.end() ? Who::lead : it->second;
}

std::string record_for(const std::string& route, const std::string& param) {
  auto it = kRecordsFor.find(route);
  if (it == kRecordsFor.end() || !it->second.count(param)) return param;
  return it->second.at(param);
}

std::string form_page(const std::string& route, const std::string& pattern) {
  auto it = kFormPages.find(route);
  return it == kFormPages.end() ? pattern : it->second;
}

std::optional<std::vector<std::string>> fields_when_form_hidden(const std::string& route) {
  auto it = kHiddenFormFields.find(route);
  if (it == kHiddenFormFields.end()) return std::nullopt;
  return it->second;
}

std::vector<std::pair<std::string, std::string>> valid_form_values(const std::string& route) {
  auto it = kValidValues.find(route);
  return it == kValidValues.end() ? std::vector<std::pair<std::string, std::string>>{} : it->second;
}

std::vector<std::string> unlisted_query_params(const std::string& route) {
  auto it = kUnlistedQueryParams.find(route);
  return it == kUnlistedQueryParams.end() ? std::vector<std::string>{} : it->second;
}

json valid_api_body(const std::string& route, int64_t org_id, const std::string& gap) {
  if (route == "POST /api/v1/orgs")
    return {{"parent_id", org_id}, {"name", "Probe Site"}, {"type", "care_home"}};
  if (route == "PATCH /api/v1/orgs/{id}") return {{"name", "Alpha Care"}, {"staff_count", 20}};
  if (route == "POST /api/v1/orgs/{id}/invitations")
    return {{"email", unique_email("probe")}, {"name", "Ivy Invited"}, {"role", "staff"}};
  if (route == "POST /api/v1/orgs/{id}/assessments") return {{"copy_forward", false}};
  if (route == "PUT /api/v1/orgs/{id}/assessments/{assessment}/answers/{item}")
    return {{"value", "ZA123456"}, {"note", "Checked on the register"}};
  if (route == "POST /api/v1/orgs/{id}/assessments/{assessment}/evidence")
    return {{"item", "1.1"},
            {"title", "Probe evidence"},
            {"url", "https://example.org/probe"},
            {"owner", "Ann Owner"}};
  if (route == "PUT /api/v1/orgs/{id}/assessments/{assessment}/plan")
    return {{"entries",
             json::array({{{"item", gap},
                           {"action", "Test a restore"},
                           {"owner", "Ann Owner"},
                           {"target_date", toolkit::london_date(clock::now() + 60 * 86400)}}})}};
  if (route == "POST /api/v1/orgs/{id}/assessments/{assessment}/publish")
    return {{"password", "this is not the password"}};
  return nullptr;
}

}  // namespace cg::test
