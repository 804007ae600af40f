#include "api/representations.h"

#include "core/clock.h"

namespace cg::api {

using nlohmann::json;

namespace {

json id_or_null(int64_t id) { return id > 0 ? json(id) : json(); }
json text_or_null(const std::string& text) { return text.empty() ? json() : json(text); }
json time_or_null(int64_t at) { return at > 0 ? json(clock::iso8601(at)) : json(); }

}  // namespace

json org_json(const identity::Organisation& o) {
  return {{"id", o.id},
          {"parent_id", id_or_null(o.parent_id)},
          {"type", identity::to_string(o.type)},
          {"type_label", identity::org_type_label(o.type)},
          {"name", o.name},
          {"ods_code", text_or_null(o.ods_code)},
          {"cqc_location_id", text_or_null(o.cqc_location_id)},
          {"region_id", id_or_null(o.region_id)},
          {"ics_id", id_or_null(o.ics_id)},
          {"staff_count", o.staff_count},
          {"people_supported", o.people_supported},
          {"created_at", time_or_null(o.created_at)},
          {"updated_at", time_or_null(o.updated_at)}};
}

json member_json(const identity::store::Member& m) {
  return {{"membership_id", m.membership_id},
          {"person_id", m.person_id},
          {"name", m.name},
          {"email", m.email},
          {"role", identity::to_string(m.role)},
          {"role_label", identity::role_label(m.role)},
          {"mfa_enabled", m.mfa_enabled},
          {"since", time_or_null(m.since)}};
}

json invitation_json(const identity::store::Invitation& inv) {
  return {{"id", inv.id},
          {"org_id", inv.org_id},
          {"email", inv.email},
          {"name", inv.name},
          {"role", identity::to_string(inv.role)},
          {"role_label", identity::role_label(inv.role)},
          {"invited_by", id_or_null(inv.invited_by)},
          {"created_at", time_or_null(inv.created_at)},
          {"expires_at", time_or_null(inv.expires_at)}};
}

json audit_entry_json(const identity::AuditEntry& e, const std::string& actor_name) {
  json summary = json::parse(e.summary, nullptr, false);
  if (summary.is_discarded()) summary = e.summary;
  json actor;
  if (e.actor_id > 0) actor = {{"id", e.actor_id}, {"name", text_or_null(actor_name)}};
  return {{"id", e.id},
          {"at", clock::iso8601(e.at)},
          {"actor", actor},
          {"org_id", id_or_null(e.org_id)},
          {"action", e.action},
          {"target_type", e.target_type},
          {"target_id", e.target_id},
          {"summary", summary},
          {"prev_hash", e.prev_hash},
          {"hash", e.hash}};
}

json role_json(identity::Role role) {
  return {{"id", identity::to_string(role)},
          {"label", identity::role_label(role)},
          {"description", identity::role_description(role)}};
}

http::Response json_response(const json& body, int status) {
  return http::Response::json(body.dump(-1, ' ', false, json::error_handler_t::replace), status);
}

http::Response no_content() {
  http::Response r;
  r.status = 204;
  return r;
}

}  // namespace cg::api
