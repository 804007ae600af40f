// The self-assessment journey over the API: list and start assessments, read one, answer its
// items, see each answer's history, add evidence, keep the plan, publish with the password,
// and read the organisation's current status. The rules are the toolkit service's; this file
// only reads the JSON and names the fields in what it answers.
#include <map>

#include "api/json_body.h"
#include "api/representations.h"
#include "api/routes.h"
#include "api/toolkit_representations.h"
#include "core/clock.h"
#include "identity/service.h"
#include "toolkit/scoring/london_time.h"
#include "toolkit/service.h"

namespace cg::api {

using identity::Action;
using nlohmann::json;

namespace {

// The assessment named in the path, in the organisation named in the path.
struct Target {
  identity::Organisation org;
  toolkit::store::AssessmentRecord record;
  const toolkit::Framework* framework = nullptr;
};

// Permission first, then the assessment: another organisation's assessment id, or one the token
// may not see, is answered as if it did not exist.
Target require_assessment(web::Ctx& ctx, Action action) {
  Target t;
  t.org = identity::require_org(ctx.app.db(), ctx.actor, action, ctx.req.param_id("id"));
  const int64_t assessment_id = ctx.req.param_id("assessment");
  auto record = ctx.app.db().read(
      [&](store::Connection& c) { return toolkit::store::find_assessment(c, assessment_id); });
  if (!record || record->org_id != t.org.id)
    throw Error(ErrorCode::not_found, "There is no such assessment");
  t.record = *record;
  t.framework = ctx.app.library().find(record->framework_id, record->edition);
  if (!t.framework)
    throw Error(ErrorCode::not_found, "This edition of the toolkit is no longer available");
  return t;
}

const toolkit::Item& require_item(const Target& t, const std::string& item_id) {
  const toolkit::Item* item = t.framework->find_item(item_id);
  if (!item)
    throw Error(ErrorCode::not_found, "There is no item " + item_id + " in this assessment");
  return *item;
}

bool is_current(web::Ctx& ctx, const toolkit::Framework* f) {
  return f && f == toolkit::current_edition(ctx.app.library(), ctx.now());
}

toolkit::AssessmentView load(web::Ctx& ctx, const Target& t) {
  return toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, t.org.id, t.record.id,
                                  ctx.now());
}

// The service names fields as the web forms do; the API names them as its bodies do.
[[noreturn]] void rethrow_renamed(const Error& e, const std::map<std::string, std::string>& names) {
  std::vector<FieldError> fields;
  for (const auto& f : e.fields()) {
    auto it = names.find(f.field);
    fields.push_back({it == names.end() ? f.field : it->second, f.message});
  }
  throw Error(e.code(), e.what(), fields);
}

bool present(const json& body, const std::string& name) {
  auto it = body.find(name);
  return it != body.end() && !it->is_null();
}

// A JSON object (or nothing at all, meaning every default).
json optional_json_object(const http::Request& req) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return json::object();
  return parse_json_object(req);
}

std::string string_problem(const std::string& name) { return name + " must be a string or null"; }

}  // namespace

void register_toolkit_api(web::App& app) {
  const std::string org = std::string(kPrefix) + "/orgs/{id}";
  const std::string assessment = org + "/assessments/{assessment}";

  app.api("GET", org + "/assessments", [](web::Ctx& ctx) {
    auto o = identity::require_org(ctx.app.db(), ctx.actor, Action::view_private,
                                   ctx.req.param_id("id"));
    auto list = ctx.app.db().read(
        [&](store::Connection& c) { return toolkit::store::assessments_of(c, o.id); });
    const toolkit::Framework* current = toolkit::current_edition(ctx.app.library(), ctx.now());
    json items = json::array();
    for (const auto& a : list) {
      const toolkit::Framework* f = ctx.app.library().find(a.framework_id, a.edition);
      items.push_back(assessment_summary_json(a, f, f && f == current));
    }
    return json_response({{"data", items}});
  });

  app.api("POST", org + "/assessments", [](web::Ctx& ctx) {
    const int64_t org_id = ctx.req.param_id("id");
    identity::require_org(ctx.app.db(), ctx.actor, Action::edit_private, org_id);
    json body = optional_json_object(ctx.req);
    BodyReader in(body, {"copy_forward"});
    const bool copy_forward = in.boolean("copy_forward").value_or(false);
    in.finish();
    const int64_t now = ctx.now();
    const toolkit::Framework* edition = toolkit::current_edition(ctx.app.library(), now);
    const bool existed = edition && ctx.app.db().read([&](store::Connection& c) {
      return toolkit::store::find_assessment_for(c, org_id, edition->id, edition->edition)
          .has_value();
    });
    const int64_t id = toolkit::start_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, org_id,
                                                 copy_forward, now);
    auto record = ctx.app.db().read(
        [&](store::Connection& c) { return toolkit::store::find_assessment(c, id); });
    if (!record) throw Error(ErrorCode::internal, "The assessment was not saved");
    const toolkit::Framework* f = ctx.app.library().find(record->framework_id, record->edition);
    http::Response r =
        json_response(assessment_summary_json(*record, f, is_current(ctx, f)), existed ? 200 : 201);
    r.headers["Location"] = assessment_location(org_id, id);
    return r;
  });

  app.api("GET", assessment, [](web::Ctx& ctx) {
    Target t = require_assessment(ctx, Action::view_private);
    auto v = load(ctx, t);
    return json_response(
        assessment_json(v, is_current(ctx, v.framework), toolkit::london_date(ctx.now())));
  });

  app.api("PUT", assessment + "/answers/{item}", [](web::Ctx& ctx) {
    Target t = require_assessment(ctx, Action::edit_private);
    const toolkit::Item& item = require_item(t, ctx.req.param("item"));
    json body = parse_json_object(ctx.req);
    // A number may be sent as a JSON number as well as text.
    if (body.contains("value") && body["value"].is_number()) body["value"] = body["value"].dump();
    BodyReader in(body, {"value", "values", "detail", "note"});
    toolkit::RawAnswer raw;
    raw.value = in.text("value").value_or("");
    raw.values = in.texts("values").value_or(std::vector<std::string>());
    raw.detail = in.text("detail").value_or("");
    const std::string note = in.text("note").value_or("");
    using toolkit::AnswerType;
    const AnswerType type = item.answer.type;
    if (type == AnswerType::multi_choice && present(body, "value"))
      in.problem("value", "This item takes a list of choices: send their ids as values");
    if (type != AnswerType::multi_choice && present(body, "values"))
      in.problem("values", "This item takes one answer: send it as value");
    if (type != AnswerType::yes_no_detail && present(body, "detail"))
      in.problem("detail", "Only yes or no questions that ask for more detail take detail");
    if (type == AnswerType::evidence && body.contains("value") && body["value"].is_string() &&
        body["value"] != "reviewed")
      in.problem("value", "This item is answered by adding evidence to it: POST the evidence to " +
                              assessment_location(t.org.id, t.record.id) + "/evidence");
    in.finish();
    try {
      toolkit::save_answer(ctx.app.db(), ctx.app.library(), ctx.actor, t.org.id, t.record.id,
                           item.id, raw, note, ctx.now());
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      rethrow_renamed(e, {{"answer", type == AnswerType::multi_choice ? "values" : "value"}});
    }
    auto v = load(ctx, t);
    const toolkit::ItemView* iv = v.find(item.id);
    if (!iv) throw Error(ErrorCode::not_found, "There is no item " + item.id);
    return json_response(assessment_item_json(*iv, item.group_id));
  });

  app.api("GET", assessment + "/answers/{item}/history", [](web::Ctx& ctx) {
    Target t = require_assessment(ctx, Action::view_private);
    const toolkit::Item& item = require_item(t, ctx.req.param("item"));
    auto history = ctx.app.db().read(
        [&](store::Connection& c) { return toolkit::store::history_of(c, t.record.id, item.id); });
    json items = json::array();
    for (const auto& h : history) items.push_back(history_json(item, h));
    return json_response({{"item", item.id}, {"data", items}});
  });

  app.api("POST", assessment + "/evidence", [](web::Ctx& ctx) {
    Target t = require_assessment(ctx, Action::edit_private);
    json body = parse_json_object(ctx.req);
    BodyReader in(body, {"item", "evidence_id", "title", "url", "owner", "review_date"});
    const auto item_id = in.text("item");
    const int64_t existing = in.id("evidence_id").value_or(0);
    toolkit::EvidenceInput input;
    input.title = in.text("title").value_or("");
    input.url = in.text("url").value_or("");
    input.owner = in.text("owner").value_or("");
    input.review_date = in.text("review_date").value_or("");
    if (existing > 0)
      for (const char* name : {"title", "url", "owner", "review_date"})
        if (present(body, name))
          in.problem(name,
                     "Send either evidence_id, to link evidence already recorded, or the "
                     "details of new evidence, not both");
    if (!present(body, "item") || (item_id && item_id->empty()))
      in.problem("item", "Give the id of the item the evidence is for, like 1.1");
    else if (item_id && !t.framework->find_item(*item_id))
      in.problem("item", "There is no item " + *item_id + " in this assessment");
    in.finish();
    try {
      toolkit::add_evidence(ctx.app.db(), ctx.app.library(), ctx.actor, t.org.id, t.record.id,
                            *item_id, input, existing, ctx.now());
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      rethrow_renamed(e, {{"evidence_title", "title"},
                          {"evidence_url", "url"},
                          {"evidence_owner", "owner"},
                          {"evidence_review", "review_date"}});
    }
    // The record just linked: the one named, or the newest with these details.
    auto linked = ctx.app.db().read(
        [&](store::Connection& c) { return toolkit::store::linked_evidence(c, t.record.id); });
    const toolkit::store::EvidenceRecord* found = nullptr;
    for (const auto& e : linked[*item_id])
      if (existing > 0
              ? e.id == existing
              : e.title == input.title && e.url == input.url && (!found || e.id > found->id))
        found = &e;
    if (!found) throw Error(ErrorCode::internal, "The evidence was not saved");
    return json_response({{"item", *item_id}, {"evidence", evidence_json(*found)}}, 201);
  });

  app.api("GET", assessment + "/plan", [](web::Ctx& ctx) {
    Target t = require_assessment(ctx, Action::view_private);
    auto v = load(ctx, t);
    return json_response(plan_json(v, toolkit::london_date(ctx.now())));
  });

  app.api("PUT", assessment + "/plan", [](web::Ctx& ctx) {
    Target t = require_assessment(ctx, Action::edit_private);
    json body = parse_json_object(ctx.req);
    BodyReader in(body, {"entries"});
    std::vector<toolkit::store::PlanRecord> entries;
    std::map<std::string, std::string> names;  // service field -> API field
    auto list = body.find("entries");
    if (list == body.end() || list->is_null()) {
      in.problem("entries", "Send entries: a list of {item, action, owner, target_date}");
    } else if (!list->is_array()) {
      in.problem("entries", "entries must be a list of {item, action, owner, target_date}");
    } else {
      for (size_t i = 0; i < list->size(); ++i) {
        const json& e = (*list)[i];
        const std::string at = "entries[" + std::to_string(i) + "]";
        if (!e.is_object()) {
          in.problem(at, "Each entry must be an object with item, action, owner and target_date");
          continue;
        }
        toolkit::store::PlanRecord record;
        bool ok = true;
        for (auto it = e.begin(); it != e.end(); ++it) {
          const std::string& key = it.key();
          if (key != "item" && key != "action" && key != "owner" && key != "target_date") {
            in.problem(at + "." + key, "Unknown field " + key +
                                           ". The fields accepted in an entry are: item, "
                                           "action, owner, target_date");
            ok = false;
          } else if (!it->is_null() && !it->is_string()) {
            in.problem(at + "." + key, string_problem(key));
            ok = false;
          } else if (it->is_string()) {
            const std::string value = it->get<std::string>();
            if (key == "item") record.item_id = value;
            if (key == "action") record.action = value;
            if (key == "owner") record.owner = value;
            if (key == "target_date") record.target_date = value;
          }
        }
        if (record.item_id.empty()) {
          in.problem(at + ".item", "Give the id of the item this entry is for, like 1.1");
          ok = false;
        } else if (!t.framework->find_item(record.item_id)) {
          in.problem(at + ".item", "There is no item " + record.item_id + " in this assessment");
          ok = false;
        }
        if (!ok) continue;
        const std::string field = "plan-" + record.item_id;
        names[field + "-owner"] = at + ".owner";
        names[field + "-date"] = at + ".target_date";
        names[field + "-action"] = at + ".action";
        entries.push_back(std::move(record));
      }
    }
    in.finish();
    try {
      toolkit::save_plan(ctx.app.db(), ctx.app.library(), ctx.actor, t.org.id, t.record.id, entries,
                         ctx.now());
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      rethrow_renamed(e, names);
    }
    auto v = load(ctx, t);
    return json_response(plan_json(v, toolkit::london_date(ctx.now())));
  });

  app.api("POST", assessment + "/publish", [](web::Ctx& ctx) {
    Target t = require_assessment(ctx, Action::edit_private);
    json body = parse_json_object(ctx.req);
    BodyReader in(body, {"password"});
    const std::string password = in.text("password").value_or("");
    in.finish();
    const int64_t now = ctx.now();
    auto result = toolkit::publish(ctx.app.db(), ctx.app.library(), ctx.actor, t.org.id,
                                   t.record.id, password, ctx.req.remote_address, now);
    return json_response({{"publication_id", result.publication_id},
                          {"assessment_id", t.record.id},
                          {"edition", t.record.edition},
                          {"status", toolkit::to_string(result.status)},
                          {"label", toolkit::status_label(result.status)},
                          {"published_at", clock::iso8601(now)},
                          {"current", status_json(t.org.id, toolkit::organisation_status(
                                                                ctx.app.db(), t.org.id, now))}},
                         201);
  });

  app.api("GET", org + "/status", [](web::Ctx& ctx) {
    auto o =
        identity::require_org(ctx.app.db(), ctx.actor, Action::view_org, ctx.req.param_id("id"));
    if (!identity::is_provider_type(o.type))
      throw Error(ErrorCode::not_found,
                  "Only care providers complete the toolkit, so this organisation has no status");
    return json_response(
        status_json(o.id, toolkit::organisation_status(ctx.app.db(), o.id, ctx.now())));
  });
}

}  // namespace cg::api
