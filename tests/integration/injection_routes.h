#pragma once
// How the injection test reaches each route of the server, keyed by "METHOD pattern": who may
// use it, which record each path id names, which page shows its form, the values that make the
// rest of that form valid, the query parameters it reads that its page does not show, and a valid
// body for each API write. Everything else the test finds out from the pages and the OpenAPI
// document, so these tables only hold what cannot be found that way.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cg::test {

// The people (and signed-out visitors) the test acts as.
enum class Who {
  anonymous,     // signed out
  invitee,       // signed out, accepting an invitation
  lead,          // organisation lead of the provider Alpha Care
  admin,         // national admin
  support_lead,  // lead of the support organisation, which has Alpha Care in its portfolio
  adviser,       // support adviser of that organisation
  auditor,       // auditor of the ICS, asked to review Alpha Care's publication
  enrolling,     // has passed the password, must now set up two-step verification
  second_step,   // has passed the password, must now give a security code
};

// Who uses the route: the provider's lead unless the route belongs to someone else.
Who who_uses(const std::string& route);

// The name of the record (a key of the test's ids) that `{param}` names in the route: the
// parameter's own name unless the route points it elsewhere ({id} of a dashboard is the ICS).
std::string record_for(const std::string& route, const std::string& param);

// The address pattern of the page that shows the route's form (the route's own pattern when
// its form is on the GET of the same address). It may name records, as in "?parent={ics}".
std::string form_page(const std::string& route, const std::string& pattern);

// The fields of a form its page does not show in the state the test leaves it in.
std::optional<std::vector<std::string>> fields_when_form_hidden(const std::string& route);

// Values that make the rest of the route's form valid, so each payload is judged by the rules
// of its own field and, where the server accepts it, is stored. "{email}" stands for a fresh
// address each time.
std::vector<std::pair<std::string, std::string>> valid_form_values(const std::string& route);

// Query parameters the route reads that neither its page's forms nor its links show.
std::vector<std::string> unlisted_query_params(const std::string& route);

// A valid JSON body for an API route that takes one, for the provider `org_id` with an unmet
// item `gap`; null for a route this table does not know.
nlohmann::json valid_api_body(const std::string& route, int64_t org_id, const std::string& gap);

}  // namespace cg::test
