// Fuzzes the JSON API's request bodies the way the handlers in src/api/ read them:
// parse_json_object (media type, syntax, "must be an object"), BodyReader with each endpoint's
// field names and types, then the pure rules the values go to (organisation fields, the
// invitation's email and role, a toolkit answer). The handlers themselves need a database, so
// the field lists below mirror org_api.cpp, people_api.cpp and toolkit_api.cpp.
//
// Input: byte 0 picks the endpoint (low 3 bits) and the Content-Type sent (next 2 bits); for
// answers byte 1 picks the toolkit item; the rest is the body. cg::Error is the expected
// rejection. (Its message may quote bytes of the body that are not UTF-8: the server's
// problem+json writer replaces them, see web/app.cpp.)
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/json_body.h"
#include "core/error.h"
#include "fuzz_support.h"
#include "http/message.h"
#include "identity/email_rules.h"
#include "identity/model.h"
#include "identity/org_rules.h"
#include "toolkit/answers/answer_input.h"

namespace {

using nlohmann::json;
using namespace cg;

constexpr const char* kToday = "2026-11-22";

// The errors a body may be refused with; anything else escaping is a crash.
void check_error(const Error& e) {
  if (e.code() != ErrorCode::bad_request && e.code() != ErrorCode::validation &&
      e.code() != ErrorCode::unsupported_media_type)
    fuzz::fail("unexpected error code");
  if (std::string(e.what()).empty()) fuzz::fail("error without a message");
  for (const auto& f : e.fields())  // the name may be "": it is the key the body used
    if (f.message.empty()) fuzz::fail("field error without a message");
  if (e.code() == ErrorCode::validation && e.fields().empty())
    fuzz::fail("validation error names no field");
}

// POST /api/v1/orgs: the body is read, then the organisation rules judge the values.
void create_org(const json& body) {
  api::BodyReader in(body, {"parent_id", "name", "type", "ods_code", "cqc_location_id",
                            "staff_count", "people_supported"});
  identity::OrgInput input;
  (void)in.id("parent_id");
  input.name = in.text("name").value_or("");
  input.type = in.text("type").value_or("");
  input.ods_code = in.text("ods_code").value_or("");
  input.cqc_location_id = in.text("cqc_location_id").value_or("");
  input.staff_count = in.count("staff_count", "staff_count must be a whole number").value_or("");
  input.people_supported =
      in.count("people_supported", "people_supported must be a whole number").value_or("");
  in.finish();
  identity::Organisation org;
  Validation v;
  identity::validate_org_input(input, org, v);
  if (v.ok()) {
    if (org.name.empty() || org.name.size() > 200) fuzz::fail("accepted a bad name");
    if (!org.ods_code.empty() && !identity::ods_code_problem(org.ods_code).empty())
      fuzz::fail("accepted a bad ODS code");
    if (org.staff_count < 0 || org.people_supported < 0) fuzz::fail("negative count");
  }
  v.throw_if_failed();
}

// PATCH /api/v1/orgs/{id}: fields left out keep the organisation's values.
void update_org(const json& body) {
  api::BodyReader in(body,
                     {"name", "ods_code", "cqc_location_id", "staff_count", "people_supported"});
  in.refuse("type", "The type of an organisation cannot be changed");
  in.refuse("parent_id", "An organisation cannot be moved beneath another one");
  identity::OrgInput input;
  input.type = "care_home";
  input.name = in.text("name").value_or("Sunnyside Care");
  input.ods_code = in.text("ods_code").value_or("AB1C2");
  input.cqc_location_id = in.text("cqc_location_id").value_or("");
  input.staff_count = in.count("staff_count", "staff_count must be a whole number").value_or("20");
  input.people_supported =
      in.count("people_supported", "people_supported must be a whole number").value_or("30");
  in.finish();
  identity::Organisation org;
  Validation v;
  identity::validate_org_input(input, org, v);
  v.throw_if_failed();
}

// POST /api/v1/orgs/{id}/invitations.
void invite(const json& body) {
  api::BodyReader in(body, {"email", "name", "role"});
  const std::string email = identity::normalise_email(in.text("email").value_or(""));
  (void)in.text("name");
  const std::string role = in.text("role").value_or("");
  in.finish();
  if (identity::email_problem(email).empty() &&
      (email.find('@') == std::string::npos || email.size() > 254))
    fuzz::fail("accepted a bad email address");
  (void)identity::role_from_string(role);
}

// The answer as the item's form would send it again.
toolkit::RawAnswer raw_from(const toolkit::StoredAnswer& s) {
  toolkit::RawAnswer raw;
  raw.value = s.value.number ? json(*s.value.number).dump() : s.value.text;
  raw.values = s.value.choices;
  raw.detail = s.detail;
  return raw;
}

// PUT /api/v1/orgs/{id}/assessments/{a}/answers/{item}: the body's shape, then the answer
// rules. An accepted answer must read back from its stored JSON as the same value, and be
// accepted again unchanged when sent again.
void answer(const json& parsed, const toolkit::Item& item) {
  json body = parsed;
  if (body.contains("value") && body["value"].is_number()) body["value"] = body["value"].dump();
  api::BodyReader in(body, {"value", "values", "detail", "note"});
  toolkit::RawAnswer raw;
  raw.value = in.text("value").value_or("");
  raw.values = in.texts("values").value_or(std::vector<std::string>());
  raw.detail = in.text("detail").value_or("");
  (void)in.text("note");
  in.finish();
  const toolkit::StoredAnswer stored = toolkit::parse_answer(item, raw, kToday);
  const json canonical = json::parse(stored.json, nullptr, false);
  if (!canonical.is_object()) fuzz::fail("stored answer is not a JSON object");
  const toolkit::StoredAnswer back = toolkit::answer_from_json(stored.json, 0);
  if (!back.value.present || back.value.text != stored.value.text ||
      back.value.choices != stored.value.choices || back.detail != stored.detail ||
      back.value.number != stored.value.number)
    fuzz::fail("stored answer does not read back as the same value");
  const toolkit::StoredAnswer again = toolkit::parse_answer(item, raw_from(stored), kToday);
  if (again.json != stored.json) fuzz::fail("answer is not accepted again unchanged");
  if (!fuzz::dumps(toolkit::display_answer(item, back))) fuzz::fail("display is not UTF-8");
  (void)toolkit::item_met(item, back, kToday);
}

// Other endpoints only read their fields' shapes before the database is involved.
void shapes_only(const json& body, unsigned which) {
  if (which == 0) {  // POST .../evidence
    api::BodyReader in(body, {"item", "evidence_id", "title", "url", "owner", "review_date"});
    (void)in.text("item");
    (void)in.id("evidence_id");
    for (const char* name : {"title", "url", "owner", "review_date"}) (void)in.text(name);
    in.finish();
  } else {  // POST .../publish
    api::BodyReader in(body, {"password"});
    (void)in.text("password");
    in.finish();
  }
}

const std::vector<const toolkit::Item*>& items() {
  static const std::vector<const toolkit::Item*> all =
      fuzz::real_library().find("care-toolkit", "2026-27")->all_items();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)items();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static const char* const kTypes[] = {"application/json", "application/json; charset=utf-8",
                                       "application/merge-patch+json", "text/plain"};
  const unsigned endpoint = data[0] & 7u;
  http::Request req;
  req.method = "POST";
  req.headers["Content-Type"] = kTypes[(data[0] >> 3) & 3u];
  req.body.assign(reinterpret_cast<const char*>(data) + 2, size - 2);

  // Whatever the endpoint, a stored answer read back from arbitrary text must not throw, and
  // shows as UTF-8 text when it is JSON (so the text was).
  const toolkit::Item& item = *items()[data[1] % items().size()];
  const toolkit::StoredAnswer stored = toolkit::answer_from_json(req.body, data[1] & 1);
  const std::string shown = toolkit::display_answer(item, stored);
  if (stored.value.present && !fuzz::dumps(shown)) fuzz::fail("stored answer shows as bad text");

  try {
    const json body = api::parse_json_object(
        req, endpoint == 1 ? std::vector<std::string>{"application/merge-patch+json"}
                           : std::vector<std::string>{});
    if (!body.is_object()) fuzz::fail("parse_json_object returned a non-object");
    switch (endpoint) {
      case 0:
        create_org(body);
        break;
      case 1:
        update_org(body);
        break;
      case 2:
        invite(body);
        break;
      case 3:
      case 4:
      case 5:
        answer(body, item);
        break;
      default:
        shapes_only(body, endpoint & 1u);
    }
  } catch (const Error& e) {
    check_error(e);
  }
  return 0;
}
