// The self-assessment journey: start or copy forward, the task list, one question per page,
// answer history, the improvement plan, check your answers and publishing; and the public
// status page.
#include <nlohmann/json.hpp>
#include <set>

#include "core/clock.h"
#include "http/form.h"
#include "identity/service.h"
#include "identity/store/org_store.h"
#include "oversight/public_status.h"
#include "toolkit/checklist/checklist.h"
#include "toolkit/comments/comments.h"
#include "toolkit/scoring/london_time.h"
#include "toolkit/service.h"
#include "web/app.h"
#include "web/form_fields.h"

namespace cg::web {

using http::Access;
using http::Response;
using identity::Action;
using nlohmann::json;

namespace {

std::string base(int64_t org_id, int64_t assessment_id) {
  return "/orgs/" + std::to_string(org_id) + "/toolkit/" + std::to_string(assessment_id);
}

std::vector<Breadcrumb> crumbs(const identity::Organisation& org, bool with_toolkit = true) {
  std::vector<Breadcrumb> out = {{"/", "Home"}, {"/orgs/" + std::to_string(org.id), org.name}};
  if (with_toolkit)
    out.push_back({"/orgs/" + std::to_string(org.id) + "/toolkit", "Data security toolkit"});
  return out;
}

json nullable(const std::string& s) { return s.empty() ? json() : json(s); }

// A saved number as typed back into its box (the unit is shown beside the box).
std::string plain_number(double n) {
  if (n == static_cast<double>(static_cast<long long>(n)))
    return std::to_string(static_cast<long long>(n));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", n);
  return buf;
}

std::string human_time(int64_t t) {
  return clock::human_date(t) + " at " + clock::iso8601(t).substr(11, 5) + " UTC";
}

json status_json(const toolkit::CurrentStatus& s) {
  json j = {{"label", toolkit::status_label(s.status)},
            {"text", toolkit::public_status_text(s)},
            {"published", s.publication.has_value()},
            {"met", s.status == toolkit::Status::met || s.status == toolkit::Status::exceeded}};
  if (s.publication) {
    j["edition"] = s.publication->edition;
    j["published_on"] = clock::human_date(s.publication->published_at);
    j["valid_until"] = clock::human_date(s.valid_until - 1);
  }
  return j;
}

json choices_json(const toolkit::Item& item, const toolkit::StoredAnswer& a) {
  json list = json::array();
  int n = 0;
  for (const auto& c : item.answer.choices) {
    const bool checked = item.answer.type == toolkit::AnswerType::multi_choice
                             ? std::find(a.value.choices.begin(), a.value.choices.end(), c.id) !=
                                   a.value.choices.end()
                             : a.value.text == c.id;
    list.push_back({{"value", c.id},
                    {"label", c.label},
                    {"checked", checked},
                    {"id", n == 0 ? std::string("answer") : "answer-" + std::to_string(n)}});
    ++n;
  }
  return list;
}

json question_context(const toolkit::AssessmentView& v, const toolkit::ItemView& iv,
                      const toolkit::RawAnswer* raw, const std::string& note, const json& errors) {
  const toolkit::Item& item = *iv.item;
  const auto& a = item.answer;
  toolkit::StoredAnswer shown = iv.answer;
  if (raw) {  // re-show what was typed after an error
    shown.value.present = true;
    shown.value.text = raw->value;
    shown.value.choices = raw->values;
    shown.detail = raw->detail;
  }
  json c = {{"org_id", v.org.id},
            {"assessment_id", v.record.id},
            {"item_id", item.id},
            {"group_title", ""},
            {"title", item.title},
            {"question", item.question},
            {"guidance", item.guidance},
            {"why", item.why},
            {"evidence", item.evidence},
            {"has_evidence_examples", !item.evidence.empty()},
            {"mandatory_approaching", item.mandatory == toolkit::Mandatory::approaching},
            {"mandatory_met", item.mandatory == toolkit::Mandatory::met},
            {"carried_over", iv.carried_over},
            {"applies", iv.applies},
            {"error_answer", errors.contains("answer") ? errors["answer"] : json()},
            {"error_detail", errors.contains("detail") ? errors["detail"] : json()},
            {"error_note", errors.contains("note") ? errors["note"] : json()},
            {"note", nullable(raw ? note : iv.note)},
            {"history_href", base(v.org.id, v.record.id) + "/items/" + item.id + "/history"}};
  for (const auto& g : v.framework->groups)
    for (const auto& i : g.items)
      if (i.id == item.id) c["group_title"] = "Standard " + g.id + ": " + g.title;
  const std::string type = toolkit::to_string(a.type);
  c["type_" + type] = true;
  if (a.type == toolkit::AnswerType::yes_no || a.type == toolkit::AnswerType::yes_no_detail) {
    c["yes_checked"] = shown.value.text == "yes";
    c["no_checked"] = shown.value.text == "no";
    c["detail_when_yes"] = a.detail_when == "yes";
    c["detail_when_no"] = a.detail_when == "no";
    c["detail_label"] = a.detail_label.empty() ? "Give more detail" : a.detail_label;
    c["detail"] = nullable(shown.detail);
  }
  if (a.type == toolkit::AnswerType::single_choice || a.type == toolkit::AnswerType::multi_choice)
    c["choices"] = choices_json(item, shown);
  if (a.type == toolkit::AnswerType::text || a.type == toolkit::AnswerType::date)
    c["value"] = nullable(shown.value.text);
  if (a.type == toolkit::AnswerType::number)
    c["value"] = raw ? nullable(raw->value)
                     : (shown.value.number ? json(plain_number(*shown.value.number)) : json());
  if (a.type == toolkit::AnswerType::number) c["unit"] = nullable(a.unit);
  if (a.type == toolkit::AnswerType::confirm) {
    c["statement"] = a.statement;
    c["confirmed"] = shown.value.text == "confirmed";
  }
  json linked = json::array();
  std::set<int64_t> linked_ids;
  for (const auto& e : iv.evidence) {
    linked.push_back({{"title", e.title},
                      {"url", e.url},
                      {"owner", nullable(e.owner)},
                      {"review_date", nullable(e.review_date)}});
    linked_ids.insert(e.id);
  }
  c["linked_evidence"] = linked;
  c["has_linked_evidence"] = !linked.empty();
  json others = json::array();
  for (const auto& e : v.all_evidence)
    if (!linked_ids.count(e.id)) others.push_back({{"value", e.id}, {"label", e.title}});
  c["other_evidence"] = others;
  c["has_other_evidence"] = !others.empty();
  c["evidence_href"] = base(v.org.id, v.record.id) + "/items/" + item.id + "/evidence";
  c["upload_href"] = base(v.org.id, v.record.id) + "/items/" + item.id + "/evidence/upload";
  c["error_evidence_file"] = errors.contains("evidence_file") ? errors["evidence_file"] : json();
  c["evidence_title_field"] = text_field(
      {"evidence_title", "What is it?", "text", "For example, 'Backup restore test, March 2026'"},
      "", errors);
  c["evidence_url_field"] =
      text_field({"evidence_url", "Where is it kept?", "text",
                  "A link to the document, for example on your shared drive", "url"},
                 "", errors);
  c["evidence_owner_field"] = text_field({"evidence_owner", "Who looks after it? (optional)",
                                          "text", "", "off", "nhsuk-input--width-20"},
                                         "", errors);
  c["evidence_review_field"] =
      text_field({"evidence_review", "When should it be checked again? (optional)", "text",
                  "Use the format 2027-03-31", "off", "nhsuk-input--width-10"},
                 "", errors);
  if (a.type == toolkit::AnswerType::date && a.within_months > 0)
    c["date_hint"] = "Use the format 2026-03-27. It must be within the last " +
                     std::to_string(a.within_months) + " months.";
  else if (a.type == toolkit::AnswerType::date)
    c["date_hint"] = "Use the format 2026-03-27";
  return c;
}

// The question page shown again after evidence could not be added.
Response evidence_error(Ctx& ctx, int64_t org_id, int64_t assessment_id, const std::string& item_id,
                        const std::vector<FieldError>& errors) {
  auto v = toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, org_id,
                                    assessment_id, ctx.now());
  const toolkit::ItemView* iv = v.find(item_id);
  if (!iv) throw Error(ErrorCode::not_found, "Page not found");
  json context = question_context(v, *iv, nullptr, "", field_errors_map(errors));
  auto c = crumbs(v.org);
  c.push_back({base(v.org.id, v.record.id), v.framework->title});
  return ctx.app.render_form_error(ctx, "toolkit/question", std::move(context), iv->item->title,
                                   errors, c);
}

toolkit::RawAnswer raw_from(const Ctx& ctx) {
  toolkit::RawAnswer raw;
  raw.value = ctx.field("answer");
  auto range = ctx.form.equal_range("answer");
  for (auto it = range.first; it != range.second; ++it)
    if (!it->second.empty()) raw.values.push_back(it->second);
  raw.detail = ctx.field("detail");
  return raw;
}

// The next applicable item after this one, or "" at the end.
std::string next_item(const toolkit::AssessmentView& v, const std::string& item_id) {
  bool seen = false;
  for (const auto& g : v.groups)
    for (const auto& i : g.items) {
      if (seen && i.applies) return i.item->id;
      if (i.item->id == item_id) seen = true;
    }
  return "";
}

// Checklists are never published, so they have no check, plan or publish pages.
void require_publishable(const toolkit::AssessmentView& v) {
  if (v.framework->kind != toolkit::FrameworkKind::toolkit)
    throw Error(ErrorCode::not_found, "Checklists are not published");
}

json task_list_context(const toolkit::AssessmentView& v) {
  json groups = json::array();
  int index = 0;
  for (const auto& g : v.groups) {
    json items = json::array();
    for (const auto& i : g.items) {
      if (!i.applies) continue;
      ++index;
      const bool done = i.answered && !i.carried_over;
      const bool toolkit = v.framework->kind == toolkit::FrameworkKind::toolkit;
      // Field by field, not a brace list (which builds a two-element array per field first):
      // a toolkit has about 77 items, all on this page.
      json entry = json::object();
      entry["href"] = base(v.org.id, v.record.id) + "/items/" + i.item->id;
      entry["title"] = i.item->id + " " + i.item->title;
      entry["index"] = index;
      entry["done"] = done;
      entry["carried_over"] = i.carried_over;
      entry["hint"] = !toolkit ? json()
                      : i.item->mandatory == toolkit::Mandatory::approaching
                          ? json("Needed for Approaching Standards and Standards Met")
                      : i.item->mandatory == toolkit::Mandatory::met
                          ? json("Needed for Standards Met")
                          : json();
      items.push_back(std::move(entry));
    }
    json group = json::object();
    group["id"] = g.group->id;
    group["title"] = g.group->title;
    group["progress"] = g.progress();
    group["answered"] = std::to_string(g.answered);
    group["applicable"] = std::to_string(g.applicable);
    group["mandatory_left"] = std::to_string(g.mandatory_left);
    group["items"] = std::move(items);
    groups.push_back(std::move(group));
  }
  const bool is_toolkit = v.framework->kind == toolkit::FrameworkKind::toolkit;
  const toolkit::ChecklistProgress progress = toolkit::checklist_progress(v);
  return {{"org_id", v.org.id},
          {"org_name", v.org.name},
          {"assessment_id", v.record.id},
          {"title", v.framework->title},
          {"is_toolkit", is_toolkit},
          {"summary", v.framework->summary},
          {"in_place", std::to_string(progress.in_place)},
          {"applicable", std::to_string(progress.applicable)},
          {"deadline", is_toolkit
                           ? clock::human_date(
                                 toolkit::london_day_end_utc(v.framework->publication_deadline) - 1)
                           : std::string()},
          {"left_for_approaching", std::to_string(v.gaps.for_approaching.size())},
          {"left_for_met", std::to_string(v.gaps.for_met.size())},
          {"copied", v.record.copied_from > 0},
          {"groups", std::move(groups)},
          {"check_href", base(v.org.id, v.record.id) + "/check"},
          {"plan_href", base(v.org.id, v.record.id) + "/plan"},
          {"caf_href", base(v.org.id, v.record.id) + "/caf"},
          {"compare_href",
           v.record.copied_from ? json(base(v.org.id, v.record.id) + "/compare") : json()},
          {"answers_csv_href", base(v.org.id, v.record.id) + "/answers.csv"},
          {"plan_csv_href", base(v.org.id, v.record.id) + "/plan.csv"},
          {"answers_xlsx_href", base(v.org.id, v.record.id) + "/answers.xlsx"},
          {"plan_xlsx_href", base(v.org.id, v.record.id) + "/plan.xlsx"},
          {"certificates_href", "/orgs/" + std::to_string(v.org.id) + "/certificates"}};
}

json plan_context(const toolkit::AssessmentView& v, const json& errors) {
  json rows = json::array();
  for (const auto& id : v.gaps.for_met) {
    const toolkit::ItemView* iv = v.find(id);
    auto it = v.plan.find(id);
    const std::string field = "plan-" + id;
    rows.push_back(
        {{"item_id", id},
         {"title", iv ? iv->item->title : id},
         {"field", field},
         {"action", it == v.plan.end() ? json() : nullable(it->second.action)},
         {"owner", it == v.plan.end() ? json() : nullable(it->second.owner)},
         {"target_date", it == v.plan.end() ? json() : nullable(it->second.target_date)},
         {"owner_error", errors.contains(field + "-owner") ? errors[field + "-owner"] : json()},
         {"date_error", errors.contains(field + "-date") ? errors[field + "-date"] : json()}});
  }
  return {{"org_id", v.org.id},
          {"assessment_id", v.record.id},
          {"rows", rows},
          {"has_rows", !rows.empty()},
          {"back_href", base(v.org.id, v.record.id)}};
}

json check_context(const toolkit::AssessmentView& v, const std::string& today) {
  json groups = json::array();
  for (const auto& g : v.groups) {
    json items = json::array();
    for (const auto& i : g.items) {
      if (!i.applies) continue;
      items.push_back(
          {{"id", i.item->id},
           {"title", i.item->title},
           {"answer", i.answered ? json(toolkit::display_answer(*i.item, i.answer)) : json()},
           {"carried_over", i.carried_over},
           {"met", i.met},
           {"href", base(v.org.id, v.record.id) + "/items/" + i.item->id}});
    }
    groups.push_back(
        {{"title", "Standard " + g.group->id + ": " + g.group->title}, {"items", items}});
  }
  auto titled = [&](const std::vector<std::string>& ids) {
    json out = json::array();
    for (const auto& id : ids) {
      const toolkit::ItemView* iv = v.find(id);
      out.push_back({{"id", id},
                     {"title", iv ? iv->item->title : id},
                     {"href", base(v.org.id, v.record.id) + "/items/" + id}});
    }
    return out;
  };
  toolkit::PublishDecision d = v.decision(today);
  json problems = json::array();
  for (const auto& p : d.problems) problems.push_back(p);
  return {{"org_id", v.org.id},
          {"assessment_id", v.record.id},
          {"groups", std::move(groups)},
          {"blocks_approaching", titled(v.gaps.for_approaching)},
          {"has_blocks_approaching", !v.gaps.for_approaching.empty()},
          {"blocks_met", titled(v.gaps.for_met)},
          {"has_blocks_met", !v.gaps.for_met.empty()},
          {"status_label", toolkit::status_label(d.status)},
          {"plan_problems", problems},
          {"has_plan_problems", !problems.empty()},
          {"ce_plus", v.current_ce_plus},
          {"approaching_published", v.approaching_published},
          {"plan_href", base(v.org.id, v.record.id) + "/plan"},
          {"password_field", text_field({"password", "Your password", "password",
                                         "To publish, confirm it is you by entering your password",
                                         "current-password"},
                                        "")}};
}

}  // namespace

void register_toolkit_pages(App& app) {
  app.page("GET", "/orgs/{id}/toolkit", Access::signed_in, [](Ctx& ctx) {
    auto org = identity::require_org(ctx.app.db(), ctx.actor, Action::view_private,
                                     ctx.req.param_id("id"));
    const int64_t now = ctx.now();
    auto list = ctx.app.db().read(
        [&](store::Connection& c) { return toolkit::store::assessments_of(c, org.id); });
    const toolkit::Framework* current = toolkit::current_edition(ctx.app.library(), now);
    json assessments = json::array();
    bool has_current = false;
    bool has_previous = false;
    for (const auto& a : list) {
      const toolkit::Framework* f = ctx.app.library().find(a.framework_id, a.edition);
      assessments.push_back({{"href", base(org.id, a.id)},
                             {"title", f ? f->title : a.edition},
                             {"publishable", f && f->kind == toolkit::FrameworkKind::toolkit},
                             {"updated", clock::human_date(a.updated_at)}});
      if (current && a.edition == current->edition) has_current = true;
      if (current && a.edition == current->previous_edition) has_previous = true;
    }
    const bool may_edit = identity::allowed(ctx.actor, Action::edit_private, {org.id, org.path}) &&
                          identity::is_provider_type(org.type);
    json checklists = json::array();
    for (const toolkit::Framework* f : toolkit::checklists(ctx.app.library())) {
      json entry = {{"id", f->id}, {"title", f->title}, {"summary", f->summary}};
      for (const auto& a : list)
        if (a.framework_id == f->id && a.edition == f->edition) entry["href"] = base(org.id, a.id);
      if (!entry.contains("href") && !may_edit) continue;
      checklists.push_back(entry);
    }
    json context = {
        {"org_id", org.id},
        {"org_name", org.name},
        {"checklists", checklists},
        {"status", status_json(toolkit::organisation_status(ctx.app.db(), org.id, now))},
        {"assessments", assessments},
        {"has_assessments", !assessments.empty()},
        {"may_start", !has_current &&
                          identity::allowed(ctx.actor, Action::edit_private, {org.id, org.path}) &&
                          identity::is_provider_type(org.type)},
        {"may_copy", has_previous},
        {"current_title", current ? current->title : ""},
        {"public_href", "/orgs/" + std::to_string(org.id) + "/status"}};
    return ctx.app.render(ctx, "toolkit/overview", std::move(context), "Data security toolkit",
                          crumbs(org, false));
  });

  app.page("POST", "/orgs/{id}/checklists/{framework}/start", Access::signed_in, [](Ctx& ctx) {
    const int64_t org_id = ctx.req.param_id("id");
    const int64_t id = toolkit::start_checklist(ctx.app.db(), ctx.app.library(), ctx.actor, org_id,
                                                ctx.req.param("framework"), ctx.now());
    return ctx.app.redirect_with_flash(ctx, base(org_id, id), "Your checklist has been started");
  });

  app.page("POST", "/orgs/{id}/toolkit/start", Access::signed_in, [](Ctx& ctx) {
    const int64_t org_id = ctx.req.param_id("id");
    const int64_t id = toolkit::start_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, org_id,
                                                 ctx.field("copy_forward") == "yes", ctx.now());
    return ctx.app.redirect_with_flash(ctx, base(org_id, id), "Your assessment has been started");
  });

  app.page("GET", "/orgs/{id}/toolkit/{assessment}", Access::signed_in, [](Ctx& ctx) {
    auto v =
        toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, ctx.req.param_id("id"),
                                 ctx.req.param_id("assessment"), ctx.now());
    return ctx.app.render(ctx, "toolkit/task_list", task_list_context(v), v.framework->title,
                          crumbs(v.org));
  });

  app.page("GET", "/orgs/{id}/toolkit/{assessment}/items/{item}", Access::signed_in, [](Ctx& ctx) {
    auto v =
        toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, ctx.req.param_id("id"),
                                 ctx.req.param_id("assessment"), ctx.now());
    const toolkit::ItemView* iv = v.find(ctx.req.param("item"));
    if (!iv) throw Error(ErrorCode::not_found, "Page not found");
    auto c = crumbs(v.org);
    c.push_back({base(v.org.id, v.record.id), v.framework->title});
    json context = question_context(v, *iv, nullptr, "", json::object());
    context["comments"] = toolkit::comments::section_context(
        toolkit::comments::item_comments(ctx.app.db(), ctx.actor, v, iv->item->id));
    return ctx.app.render(ctx, "toolkit/question", std::move(context), iv->item->title, c);
  });

  app.page("POST", "/orgs/{id}/toolkit/{assessment}/items/{item}", Access::signed_in, [](Ctx& ctx) {
    const int64_t org_id = ctx.req.param_id("id");
    const int64_t assessment_id = ctx.req.param_id("assessment");
    const std::string item_id = ctx.req.param("item");
    toolkit::RawAnswer raw = raw_from(ctx);
    const std::string note = ctx.field("note");
    try {
      toolkit::save_answer(ctx.app.db(), ctx.app.library(), ctx.actor, org_id, assessment_id,
                           item_id, raw, note, ctx.now());
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      auto v = toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, org_id,
                                        assessment_id, ctx.now());
      const toolkit::ItemView* iv = v.find(item_id);
      if (!iv) throw Error(ErrorCode::not_found, "Page not found");
      auto c = crumbs(v.org);
      c.push_back({base(v.org.id, v.record.id), v.framework->title});
      return ctx.app.render_form_error(
          ctx, "toolkit/question",
          question_context(v, *iv, &raw, note, field_errors_map(e.fields())), iv->item->title,
          e.fields(), c);
    }
    auto v = toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, org_id,
                                      assessment_id, ctx.now());
    const std::string next = next_item(v, item_id);
    return ctx.app.redirect_with_flash(
        ctx,
        next.empty() ? base(org_id, assessment_id) : base(org_id, assessment_id) + "/items/" + next,
        "Your answer to " + item_id + " has been saved");
  });

  app.page("GET", "/orgs/{id}/toolkit/{assessment}/items/{item}/history", Access::signed_in,
           [](Ctx& ctx) {
             auto v = toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor,
                                               ctx.req.param_id("id"),
                                               ctx.req.param_id("assessment"), ctx.now());
             const toolkit::ItemView* iv = v.find(ctx.req.param("item"));
             if (!iv) throw Error(ErrorCode::not_found, "Page not found");
             auto history = ctx.app.db().read([&](store::Connection& c) {
               return toolkit::store::history_of(c, v.record.id, iv->item->id);
             });
             json rows = json::array();
             for (const auto& h : history) {
               auto old_answer = toolkit::answer_from_json(h.old_value, 0);
               auto new_answer = toolkit::answer_from_json(h.new_value, 0);
               rows.push_back({{"when", human_time(h.changed_at)},
                               {"who", h.changed_by_name.empty() ? "Someone no longer registered"
                                                                 : h.changed_by_name},
                               {"before", h.old_value.empty() ? json("No answer")
                                                              : json(toolkit::display_answer(
                                                                    *iv->item, old_answer))},
                               {"after", toolkit::display_answer(*iv->item, new_answer)},
                               {"note", nullable(h.new_note)}});
             }
             auto c = crumbs(v.org);
             c.push_back({base(v.org.id, v.record.id), v.framework->title});
             c.push_back({base(v.org.id, v.record.id) + "/items/" + iv->item->id, iv->item->title});
             return ctx.app.render(
                 ctx, "toolkit/history",
                 {{"title", iv->item->title}, {"rows", rows}, {"has_rows", !rows.empty()}},
                 "Changes to " + iv->item->title, c);
           });

  app.page("GET", "/orgs/{id}/toolkit/{assessment}/plan", Access::signed_in, [](Ctx& ctx) {
    auto v =
        toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, ctx.req.param_id("id"),
                                 ctx.req.param_id("assessment"), ctx.now());
    require_publishable(v);
    auto c = crumbs(v.org);
    c.push_back({base(v.org.id, v.record.id), v.framework->title});
    return ctx.app.render(ctx, "toolkit/plan", plan_context(v, json::object()), "Improvement plan",
                          c);
  });

  app.page("POST", "/orgs/{id}/toolkit/{assessment}/plan", Access::signed_in, [](Ctx& ctx) {
    const int64_t org_id = ctx.req.param_id("id");
    const int64_t assessment_id = ctx.req.param_id("assessment");
    auto v = toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, org_id,
                                      assessment_id, ctx.now());
    std::vector<toolkit::store::PlanRecord> entries;
    for (const auto& id : v.gaps.for_met)
      entries.push_back({id, ctx.field("plan-" + id + "-action"),
                         ctx.field("plan-" + id + "-owner"), ctx.field("plan-" + id + "-date")});
    try {
      toolkit::save_plan(ctx.app.db(), ctx.app.library(), ctx.actor, org_id, assessment_id, entries,
                         ctx.now());
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      auto c = crumbs(v.org);
      c.push_back({base(v.org.id, v.record.id), v.framework->title});
      for (auto& e2 : entries) v.plan[e2.item_id] = e2;
      return ctx.app.render_form_error(ctx, "toolkit/plan",
                                       plan_context(v, field_errors_map(e.fields())),
                                       "Improvement plan", e.fields(), c);
    }
    return ctx.app.redirect_with_flash(ctx, base(org_id, assessment_id) + "/check",
                                       "Your plan has been saved");
  });

  app.page("GET", "/orgs/{id}/toolkit/{assessment}/check", Access::signed_in, [](Ctx& ctx) {
    auto v =
        toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, ctx.req.param_id("id"),
                                 ctx.req.param_id("assessment"), ctx.now());
    require_publishable(v);
    auto c = crumbs(v.org);
    c.push_back({base(v.org.id, v.record.id), v.framework->title});
    return ctx.app.render(ctx, "toolkit/check", check_context(v, toolkit::london_date(ctx.now())),
                          "Check your answers", c);
  });

  app.page("POST", "/orgs/{id}/toolkit/{assessment}/publish", Access::signed_in, [](Ctx& ctx) {
    const int64_t org_id = ctx.req.param_id("id");
    const int64_t assessment_id = ctx.req.param_id("assessment");
    try {
      auto result =
          toolkit::publish(ctx.app.db(), ctx.app.library(), ctx.actor, org_id, assessment_id,
                           ctx.field("password"), ctx.req.remote_address, ctx.now());
      return ctx.app.redirect_with_flash(
          ctx, "/orgs/" + std::to_string(org_id) + "/toolkit",
          std::string("Published: ") + toolkit::status_label(result.status));
    } catch (const Error& e) {
      const bool locked = e.code() == ErrorCode::too_many_requests;
      if (e.code() != ErrorCode::validation && !locked) throw;
      const std::vector<FieldError> errors =
          locked ? std::vector<FieldError>{{"password", e.what()}} : e.fields();
      auto v = toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, org_id,
                                        assessment_id, ctx.now());
      json context = check_context(v, toolkit::london_date(ctx.now()));
      context["password_field"] = text_field(
          {"password", "Your password", "password",
           "To publish, confirm it is you by entering your password", "current-password"},
          "", field_errors_map(errors));
      auto c = crumbs(v.org);
      c.push_back({base(v.org.id, v.record.id), v.framework->title});
      Response r = ctx.app.render_form_error(ctx, "toolkit/check", std::move(context),
                                             "Check your answers", errors, c);
      if (locked) {
        r.status = 429;
        r.headers["Retry-After"] = "900";
      }
      return r;
    }
  });

  app.page("POST", "/orgs/{id}/toolkit/{assessment}/items/{item}/evidence", Access::signed_in,
           [](Ctx& ctx) {
             const int64_t org_id = ctx.req.param_id("id");
             const int64_t assessment_id = ctx.req.param_id("assessment");
             const std::string item_id = ctx.req.param("item");
             int64_t existing = 0;
             if (!ctx.field("evidence_id").empty()) {
               try {
                 existing = std::stoll(ctx.field("evidence_id"));
               } catch (const std::exception&) {
                 existing = -1;
               }
             }
             try {
               toolkit::add_evidence(ctx.app.db(), ctx.app.library(), ctx.actor, org_id,
                                     assessment_id, item_id,
                                     {ctx.field("evidence_title"), ctx.field("evidence_url"),
                                      ctx.field("evidence_owner"), ctx.field("evidence_review")},
                                     existing, ctx.now());
             } catch (const Error& e) {
               if (e.code() != ErrorCode::validation) throw;
               return evidence_error(ctx, org_id, assessment_id, item_id, e.fields());
             }
             return ctx.app.redirect_with_flash(ctx,
                                                base(org_id, assessment_id) + "/items/" + item_id,
                                                "The evidence has been added");
           });

  app.page("POST", "/orgs/{id}/toolkit/{assessment}/items/{item}/evidence/upload",
           Access::signed_in, [](Ctx& ctx) {
             const int64_t org_id = ctx.req.param_id("id");
             const int64_t assessment_id = ctx.req.param_id("assessment");
             const std::string item_id = ctx.req.param("item");
             std::string file_name, bytes;
             const std::string type = ctx.req.header("Content-Type");
             if (type.rfind("multipart/form-data", 0) == 0)
               for (auto& part : http::parse_multipart(ctx.req.body, type))
                 if (part.name == "evidence_file") {
                   file_name = part.filename;
                   bytes = std::move(part.data);
                 }
             try {
               toolkit::add_evidence_file(ctx.app.db(), ctx.app.library(), ctx.actor, org_id,
                                          assessment_id, item_id, file_name, bytes, ctx.now());
             } catch (const Error& e) {
               if (e.code() != ErrorCode::validation) throw;
               return evidence_error(ctx, org_id, assessment_id, item_id, e.fields());
             }
             return ctx.app.redirect_with_flash(ctx,
                                                base(org_id, assessment_id) + "/items/" + item_id,
                                                "The file has been added as evidence");
           });

  app.page("GET", "/orgs/{id}/evidence/{evidence}/file", Access::signed_in, [](Ctx& ctx) {
    auto file = toolkit::evidence_file(ctx.app.db(), ctx.actor, ctx.req.param_id("id"),
                                       ctx.req.param_id("evidence"));
    Response r = Response::text(std::move(file.bytes), 200, file.content_type);
    // Always a download, never shown inside our pages.
    r.headers["Content-Disposition"] = "attachment; filename=\"" + file.file_name + "\"";
    r.headers["Cache-Control"] = "private, no-store";
    return r;
  });

  // Anyone may see an organisation's published status, as with the national search.
  app.page("GET", "/orgs/{id}/status", Access::public_page, [](Ctx& ctx) {
    auto org = ctx.app.db().read(
        [&](store::Connection& c) { return identity::store::find_org(c, ctx.req.param_id("id")); });
    if (!org || !identity::is_provider_type(org->type))
      throw Error(ErrorCode::not_found, "Page not found");
    // The recorded statuses cover publications made here and imported status lists alike.
    auto current = ctx.app.db().read([&](store::Connection& c) {
      return oversight::current_of(oversight::statuses_of(c, org->id), ctx.now());
    });
    json status = {
        {"text", current ? oversight::public_status_text(current->edition, current->status)
                         : std::string("Not Published")},
        {"published", current.has_value()}};
    if (current) {
      status["published_on"] = oversight::human_day(current->published_on);
      status["valid_until"] = oversight::human_day(toolkit::london_date(current->valid_until - 1));
    }
    json context = {{"name", org->name}, {"ods_code", nullable(org->ods_code)}, {"status", status}};
    return ctx.app.render(ctx, "toolkit/status_public", std::move(context),
                          org->name + ": data security status");
  });
}

}  // namespace cg::web
