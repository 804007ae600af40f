// Independent review of a published assessment: the organisation lead asks a reviewer; the
// reviewer judges each item, writes what is good and what to improve, gives an assurance level
// and finalises; everyone who may read the organisation's records reads the finished review and
// its printable report; the lead gives the reviewer's plan entries an owner and a date.
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "identity/service.h"
#include "toolkit/review/service.h"
#include "toolkit/scoring/status.h"
#include "toolkit/service.h"
#include "web/app.h"
#include "web/form_fields.h"

namespace cg::web {

using http::Access;
using http::Response;
using nlohmann::json;
namespace review = toolkit::review;

namespace {

std::string toolkit_base(int64_t org_id, int64_t assessment_id) {
  return "/orgs/" + std::to_string(org_id) + "/toolkit/" + std::to_string(assessment_id);
}

std::string review_base(const review::ReviewView& v) {
  return toolkit_base(v.org.id, v.publication.assessment_id) + "/publications/" +
         std::to_string(v.publication.id) + "/review";
}

review::ReviewView load(Ctx& ctx) {
  return review::load_review(ctx.app.db(), ctx.app.library(), ctx.actor, ctx.req.param_id("id"),
                             ctx.req.param_id("assessment"), ctx.req.param_id("publication"));
}

std::vector<Breadcrumb> crumbs(const review::ReviewView& v) {
  const std::string org = "/orgs/" + std::to_string(v.org.id);
  const std::string toolkit = toolkit_base(v.org.id, v.publication.assessment_id);
  return {{"/", "Home"},
          {org, v.org.name},
          {org + "/toolkit", "Data security toolkit"},
          {toolkit, v.framework->title},
          {toolkit + "/publications", "Publications"}};
}

json nullable(const std::string& s) { return s.empty() ? json() : json(s); }

// Text typed over several lines, as paragraphs.
json paragraphs(const std::string& text) {
  json out = json::array();
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) out.push_back(line);
    start = end + 1;
  }
  return out;
}

const char* publication_status(const std::string& stored) {
  for (toolkit::Status s : {toolkit::Status::not_met, toolkit::Status::approaching,
                            toolkit::Status::met, toolkit::Status::exceeded})
    if (stored == toolkit::to_string(s)) return toolkit::status_label(s);
  return "";
}

const char* judgement_tag(review::Judgement j) {
  switch (j) {
    case review::Judgement::agree:
      return "nhsuk-tag--green";
    case review::Judgement::partly:
      return "nhsuk-tag--yellow";
    case review::Judgement::disagree:
      return "nhsuk-tag--red";
  }
  return "";
}

json error_of(const json& errors, const std::string& field) {
  return errors.contains(field) ? errors[field] : json();
}

// What every view of the review shows about the publication and who reviews it.
json header_context(const review::ReviewView& v) {
  json c = {
      {"org_name", v.org.name},
      {"ods_code", nullable(v.org.ods_code)},
      {"framework_title", v.framework->title},
      {"published_on", clock::human_date(v.publication.published_at)},
      {"published_status", publication_status(v.publication.status)},
      {"stage", review::stage_label(v.stage)},
      {"not_requested", v.stage == review::Stage::not_requested},
      {"in_progress", v.stage == review::Stage::in_progress},
      {"finalised", v.stage == review::Stage::finalised},
      {"reviewer_name", v.review ? json(v.review->reviewer_name) : json()},
      {"requested_by_name", v.review ? nullable(v.review->requested_by_name) : json()},
      {"requested_on", v.review ? json(clock::human_date(v.review->requested_at)) : json()},
      {"finalised_on", v.review && v.review->finalised()
                           ? json(clock::human_date(v.review->finalised_at))
                           : json()},
      {"action", review_base(v)},
      {"report_href", review_base(v) + "/report"},
      {"publications_href", toolkit_base(v.org.id, v.publication.assessment_id) + "/publications"},
      {"plan_href", toolkit_base(v.org.id, v.publication.assessment_id) + "/plan"}};
  return c;
}

// The finished review, read-only: for the review page and the printable report.
json finalised_context(const review::ReviewView& v) {
  json c;
  const review::Draft d = v.draft();
  std::map<std::string, const review::ItemJudgement*> judged;
  for (const auto& i : d.items) judged[i.item_id] = &i;
  json groups = json::array();
  json actions = json::array();
  std::map<std::string, int> counts;
  const toolkit::Group* current = nullptr;
  for (const auto& item : v.items) {
    if (item.group != current) {
      current = item.group;
      groups.push_back(
          {{"title", "Standard " + current->id + ": " + current->title}, {"rows", json::array()}});
    }
    auto it = judged.find(item.item->id);
    auto j =
        it == judged.end() ? std::nullopt : review::judgement_from_string(it->second->judgement);
    if (!j) continue;
    ++counts[review::to_string(*j)];
    const std::string note = it->second->note;
    groups.back()["rows"].push_back({{"id", item.item->id},
                                     {"title", item.item->title},
                                     {"published", item.answered ? json(item.display) : json()},
                                     {"judgement", review::judgement_label(*j)},
                                     {"tag", judgement_tag(*j)},
                                     {"judgement_note", nullable(note)}});
    if (review::needs_action(*j))
      actions.push_back({{"id", item.item->id},
                         {"title", item.item->title},
                         {"judgement", review::judgement_label(*j)},
                         {"plan_action", review::plan_action(note)}});
  }
  auto assurance = review::assurance_from_string(d.assurance);
  c["groups"] = groups;
  c["actions"] = actions;
  c["has_actions"] = !actions.empty();
  c["assurance_label"] = assurance ? review::assurance_label(*assurance) : "";
  c["assurance_description"] = assurance ? review::assurance_description(*assurance) : "";
  c["good_practice"] = paragraphs(d.good_practice);
  c["has_good_practice"] = !c["good_practice"].empty();
  c["improvements"] = paragraphs(d.improvements);
  c["has_improvements"] = !c["improvements"].empty();
  c["agree_count"] = std::to_string(counts["agree"]);
  c["partly_count"] = std::to_string(counts["partly"]);
  c["disagree_count"] = std::to_string(counts["disagree"]);
  return c;
}

// The reviewer's form, showing `shown` (what is stored, or what was just typed).
json form_context(const review::ReviewView& v, const review::Draft& shown, const json& errors) {
  std::map<std::string, const review::ItemJudgement*> typed;
  for (const auto& i : shown.items) typed[i.item_id] = &i;
  json groups = json::array();
  const toolkit::Group* current = nullptr;
  for (const auto& item : v.items) {
    if (item.group != current) {
      current = item.group;
      groups.push_back(
          {{"title", "Standard " + current->id + ": " + current->title}, {"items", json::array()}});
    }
    const std::string& id = item.item->id;
    auto it = typed.find(id);
    const std::string judgement = it == typed.end() ? "" : it->second->judgement;
    const std::string note = it == typed.end() ? "" : it->second->note;
    const std::string field = review::judgement_field(id);
    json choices = json::array();
    bool first = true;
    for (review::Judgement j : review::kAllJudgements) {
      choices.push_back({{"input_id", first ? field : field + "-" + review::to_string(j)},
                         {"name", field},
                         {"value", review::to_string(j)},
                         {"label", review::judgement_label(j)},
                         {"checked", judgement == review::to_string(j)}});
      first = false;
    }
    groups.back()["items"].push_back({{"id", id},
                                      {"title", item.item->title},
                                      {"field", field},
                                      {"note_field", review::note_field(id)},
                                      {"published", item.answered ? json(item.display) : json()},
                                      {"published_met", item.met},
                                      {"published_note", nullable(item.note)},
                                      {"choices", choices},
                                      {"judgement_note", nullable(note)},
                                      {"judgement_error", error_of(errors, field)},
                                      {"note_error", error_of(errors, review::note_field(id))}});
  }
  json assurances = json::array();
  bool first = true;
  for (review::Assurance a : review::kAllAssurances) {
    assurances.push_back({{"input_id", first ? std::string("assurance")
                                             : std::string("assurance-") + review::to_string(a)},
                          {"value", review::to_string(a)},
                          {"label", review::assurance_label(a)},
                          {"description", review::assurance_description(a)},
                          {"checked", shown.assurance == review::to_string(a)}});
    first = false;
  }
  return {{"groups", std::move(groups)},
          {"assurances", std::move(assurances)},
          {"assurance_error", error_of(errors, "assurance")},
          {"good_practice_text", nullable(shown.good_practice)},
          {"good_practice_error", error_of(errors, "good_practice")},
          {"improvements_text", nullable(shown.improvements)},
          {"improvements_error", error_of(errors, "improvements")},
          {"judged", std::to_string(shown.items.size())},
          {"to_judge", std::to_string(v.items.size())}};
}

// The organisation lead's form: an owner and a date for each of the reviewer's plan entries.
json plan_context(const review::ReviewView& v, const std::map<std::string, std::string>* typed,
                  const json& errors) {
  json rows = json::array();
  for (const auto& i : v.draft().items) {
    auto j = review::judgement_from_string(i.judgement);
    if (!j || !review::needs_action(*j)) continue;
    auto p = v.plan.find(i.item_id);
    const std::string field = "plan-" + i.item_id;
    auto value = [&](const std::string& name, const std::string& stored) {
      if (typed) {
        auto t = typed->find(name);
        return nullable(t == typed->end() ? "" : t->second);
      }
      return nullable(stored);
    };
    rows.push_back(
        {{"id", i.item_id},
         {"field", field},
         {"plan_action", p == v.plan.end() ? review::plan_action(i.note) : p->second.action},
         {"owner", value(field + "-owner", p == v.plan.end() ? "" : p->second.owner)},
         {"target_date", value(field + "-date", p == v.plan.end() ? "" : p->second.target_date)},
         {"owner_error", error_of(errors, field + "-owner")},
         {"date_error", error_of(errors, field + "-date")}});
  }
  return rows;
}

Response show(Ctx& ctx, const review::ReviewView& v, const review::Draft* typed,
              const std::vector<FieldError>& errors,
              const std::map<std::string, std::string>* typed_plan = nullptr) {
  const json error_map = field_errors_map(errors);
  json c = header_context(v);
  c["wide"] = true;
  const bool open = v.stage == review::Stage::in_progress;
  c["may_edit"] = open && v.is_reviewer;
  c["may_request"] = v.may_request && v.stage != review::Stage::finalised;
  if (c["may_request"].get<bool>()) {
    json people = json::array();
    bool first = true;
    for (const auto& p : review::reviewer_candidates(ctx.app.db(), ctx.actor, v.org.id)) {
      const auto role = identity::role_from_string(p.role);
      people.push_back({{"input_id", first ? std::string("reviewer")
                                           : "reviewer-" + std::to_string(p.person_id)},
                        {"value", std::to_string(p.person_id)},
                        {"person_name", p.name},
                        {"role_label", role ? identity::role_label(*role) : p.role},
                        {"role_org", p.org_name},
                        {"checked", v.review && v.review->reviewer_id == p.person_id}});
      first = false;
    }
    c["people"] = people;
    c["has_people"] = !people.empty();
    c["reviewer_error"] = error_of(error_map, "reviewer");
  }
  if (c["may_edit"].get<bool>()) {
    const review::Draft stored = v.draft();
    c["form"] = form_context(v, typed ? *typed : stored, error_map);
  }
  if (v.stage == review::Stage::finalised) {
    c["review"] = finalised_context(v);
    c["may_plan"] = v.may_request && c["review"]["has_actions"].get<bool>();
    if (c["may_plan"].get<bool>()) c["plan_rows"] = plan_context(v, typed_plan, error_map);
  }
  const std::string title = "Independent review";
  if (!errors.empty())
    return ctx.app.render_form_error(ctx, "review/show", std::move(c), title, errors, crumbs(v));
  return ctx.app.render(ctx, "review/show", std::move(c), title, crumbs(v));
}

// The reviewer's form as posted, over what is stored: only the fields sent change.
review::Draft draft_from_form(const Ctx& ctx, const review::ReviewView& v) {
  const review::Draft stored = v.draft();
  std::map<std::string, review::ItemJudgement> before;
  for (const auto& i : stored.items) before[i.item_id] = i;
  review::Draft d;
  for (const auto& id : v.items_to_review()) {
    const std::string jf = review::judgement_field(id);
    const std::string nf = review::note_field(id);
    const bool sent_judgement = ctx.form.count(jf) > 0;
    const bool sent_note = ctx.form.count(nf) > 0;
    auto old = before.find(id);
    if (!sent_judgement && !sent_note) {
      if (old != before.end()) d.items.push_back(old->second);
      continue;
    }
    // A judgement left unselected in a browser's form is not sent: that keeps the stored one.
    std::string judgement = ctx.field(jf);
    if (!sent_judgement && old != before.end()) judgement = old->second.judgement;
    std::string note = ctx.field(nf);
    if (!sent_note && old != before.end()) note = old->second.note;
    d.items.push_back({id, judgement, note});
  }
  auto text = [&](const char* name, const std::string& kept) {
    return ctx.form.count(name) ? ctx.field(name) : kept;
  };
  d.good_practice = text("good_practice", stored.good_practice);
  d.improvements = text("improvements", stored.improvements);
  d.assurance = text("assurance", stored.assurance);
  return d;
}

int64_t id_field(const Ctx& ctx, const std::string& name) {
  const std::string s = ctx.field(name);
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    return 0;
  return std::stoll(s);
}

}  // namespace

void register_review_pages(App& app) {
  const std::string base = "/orgs/{id}/toolkit/{assessment}/publications/{publication}/review";

  app.page("GET", base, Access::signed_in,
           [](Ctx& ctx) { return show(ctx, load(ctx), nullptr, {}); });

  // The organisation lead asks someone (or someone else) to review the publication.
  app.page("POST", base + "/request", Access::signed_in, [](Ctx& ctx) {
    const int64_t org_id = ctx.req.param_id("id");
    const int64_t assessment_id = ctx.req.param_id("assessment");
    const int64_t publication_id = ctx.req.param_id("publication");
    try {
      review::request_review(ctx.app.db(), ctx.app.library(), ctx.actor, org_id, assessment_id,
                             publication_id, id_field(ctx, "reviewer"), ctx.now());
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      return show(ctx, load(ctx), nullptr, e.fields());
    }
    auto v = load(ctx);
    return ctx.app.redirect_with_flash(
        ctx, review_base(v),
        v.review ? v.review->reviewer_name + " has been asked to review this publication"
                 : "The reviewer has been asked");
  });

  // The reviewer saves judgements and text.
  app.page("POST", base, Access::signed_in, [](Ctx& ctx) {
    auto v = load(ctx);
    review::Draft d = draft_from_form(ctx, v);
    try {
      review::save_review(ctx.app.db(), ctx.app.library(), ctx.actor, v.org.id,
                          v.publication.assessment_id, v.publication.id, d, ctx.now());
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      return show(ctx, v, &d, e.fields());
    }
    return ctx.app.redirect_with_flash(ctx, review_base(v), "Your review has been saved");
  });

  // The reviewer finalises: nothing in the review can change afterwards.
  app.page("POST", base + "/finalise", Access::signed_in, [](Ctx& ctx) {
    auto v = load(ctx);
    try {
      review::finalise_review(ctx.app.db(), ctx.app.library(), ctx.actor, v.org.id,
                              v.publication.assessment_id, v.publication.id, ctx.now());
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      return show(ctx, v, nullptr, e.fields());
    }
    return ctx.app.redirect_with_flash(
        ctx, review_base(v), "The review has been finalised and shared with " + v.org.name);
  });

  // The organisation lead gives the reviewer's plan entries an owner and a target date.
  app.page("POST", base + "/plan", Access::signed_in, [](Ctx& ctx) {
    auto v = load(ctx);
    if (v.stage != review::Stage::finalised)
      throw Error(ErrorCode::conflict, "The review has not been finalised yet");
    std::vector<toolkit::store::PlanRecord> entries;
    std::map<std::string, std::string> typed;
    for (const auto& i : v.draft().items) {
      auto j = review::judgement_from_string(i.judgement);
      if (!j || !review::needs_action(*j)) continue;
      const std::string field = "plan-" + i.item_id;
      auto p = v.plan.find(i.item_id);
      toolkit::store::PlanRecord e{i.item_id, review::plan_action(i.note), "", ""};
      if (p != v.plan.end()) e = p->second;
      e.owner = ctx.field(field + "-owner");
      e.target_date = ctx.field(field + "-date");
      typed[field + "-owner"] = e.owner;
      typed[field + "-date"] = e.target_date;
      entries.push_back(std::move(e));
    }
    try {
      toolkit::save_plan(ctx.app.db(), ctx.app.library(), ctx.actor, v.org.id,
                         v.publication.assessment_id, entries, ctx.now());
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      return show(ctx, v, nullptr, e.fields(), &typed);
    }
    return ctx.app.redirect_with_flash(ctx, review_base(v), "Your improvement plan has been saved");
  });

  // The finished review as a report to print or save as a PDF.
  app.page("GET", base + "/report", Access::signed_in, [](Ctx& ctx) {
    auto v = load(ctx);
    if (v.stage != review::Stage::finalised)
      throw Error(ErrorCode::not_found, "This review has not been finalised yet");
    json c = header_context(v);
    c["review"] = finalised_context(v);
    c["review_href"] = review_base(v);
    c["wide"] = true;
    auto trail = crumbs(v);
    trail.push_back({review_base(v), "Independent review"});
    return ctx.app.render(ctx, "review/report", std::move(c),
                          "Independent review report: " + v.org.name, trail);
  });
}

}  // namespace cg::web
