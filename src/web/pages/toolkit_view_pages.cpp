// Other views of an assessment: in CAF terms through the crosswalk, as CSV for spreadsheets;
// and the organisation's Cyber Essentials certificates.
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/csv.h"
#include "core/xlsx.h"
#include "identity/service.h"
#include "toolkit/compare/compare.h"
#include "toolkit/scoring/caf.h"
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

const char* level_label(toolkit::CafLevel l) {
  switch (l) {
    case toolkit::CafLevel::not_achieved:
      return "Not achieved";
    case toolkit::CafLevel::partially_achieved:
      return "Partially achieved";
    case toolkit::CafLevel::achieved:
      return "Achieved";
  }
  return "";
}

Response download(const xlsx::Rows& rows, const std::string& format, const std::string& name,
                  const std::string& sheet) {
  Response r;
  if (format == "xlsx") {
    r = Response::text(xlsx::workbook(sheet, rows), 200,
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  } else {
    std::string body;
    for (const auto& row : rows) body += csv::row(row);
    r = Response::text(std::move(body), 200, "text/csv; charset=utf-8");
  }
  r.headers["Content-Disposition"] = "attachment; filename=\"" + name + "." + format + "\"";
  return r;
}

xlsx::Rows answer_rows(const toolkit::AssessmentView& v) {
  xlsx::Rows rows = {{"Standard", "Item", "Title", "Needed for", "Applies", "Answer", "Met",
                      "Carried over", "Note", "Evidence"}};
  for (const auto& g : v.groups)
    for (const auto& i : g.items) {
      std::string evidence;
      for (const auto& e : i.evidence)
        evidence += (evidence.empty() ? "" : "; ") + e.title + " (" + e.url + ")";
      const char* needed = i.item->mandatory == toolkit::Mandatory::approaching
                               ? "Approaching Standards"
                           : i.item->mandatory == toolkit::Mandatory::met ? "Standards Met"
                                                                          : "";
      rows.push_back({g.group->id, i.item->id, i.item->title, needed, i.applies ? "Yes" : "No",
                      i.answered ? toolkit::display_answer(*i.item, i.answer) : "",
                      i.met ? "Yes" : "No", i.carried_over ? "Yes" : "No", i.note, evidence});
    }
  return rows;
}

xlsx::Rows plan_rows(const toolkit::AssessmentView& v) {
  xlsx::Rows rows = {{"Item", "Title", "Needed for", "What you will do", "Who", "Target date"}};
  for (const auto& id : v.gaps.for_met) {
    const toolkit::ItemView* iv = v.find(id);
    auto it = v.plan.find(id);
    const bool approaching = std::find(v.gaps.for_approaching.begin(), v.gaps.for_approaching.end(),
                                       id) != v.gaps.for_approaching.end();
    rows.push_back(
        {id, iv ? iv->item->title : id, approaching ? "Approaching Standards" : "Standards Met",
         it == v.plan.end() ? "" : it->second.action, it == v.plan.end() ? "" : it->second.owner,
         it == v.plan.end() ? "" : it->second.target_date});
  }
  return rows;
}

json certificate_form(const toolkit::CertificateInput& in, const json& errors) {
  return {
      {"number_field",
       text_field({"number", "Certificate number", "text", "", "off", "nhsuk-input--width-20"},
                  in.number, errors)},
      {"issued_field", text_field({"issued_on", "Date issued", "text", "Use the format 2026-03-27",
                                   "off", "nhsuk-input--width-10"},
                                  in.issued_on, errors)},
      {"expires_field", text_field({"expires_on", "Expiry date", "text",
                                    "Use the format 2027-03-27", "off", "nhsuk-input--width-10"},
                                   in.expires_on, errors)},
      {"kind_error", errors.contains("kind") ? errors["kind"] : json()},
      {"kind_plus", in.kind == "cyber_essentials_plus"},
      {"kind_basic", in.kind == "cyber_essentials"}};
}

Response certificates_page(Ctx& ctx, int64_t org_id, const toolkit::CertificateInput& in,
                           const std::vector<FieldError>& errors) {
  auto org = identity::require_org(ctx.app.db(), ctx.actor, Action::view_private, org_id);
  auto rows = toolkit::certificates(ctx.app.db(), ctx.actor, org_id);
  const int64_t now = ctx.now();
  const std::string today = toolkit::london_date(now);
  json list = json::array();
  for (const auto& r : rows) {
    const bool current = toolkit::has_current_ce_plus({{true, r.issued_on, r.expires_on}}, now);
    list.push_back(
        {{"kind", r.kind == "cyber_essentials_plus" ? "Cyber Essentials Plus" : "Cyber Essentials"},
         {"number", r.number},
         {"issued_on", r.issued_on},
         {"expires_on", r.expires_on},
         {"current", current || (r.issued_on <= today && r.expires_on >= today)}});
  }
  json context = certificate_form(in, field_errors_map(errors));
  context["org_id"] = org.id;
  context["org_name"] = org.name;
  context["certificates"] = list;
  context["has_certificates"] = !list.empty();
  context["may_edit"] = identity::allowed(ctx.actor, Action::edit_private, {org.id, org.path});
  std::vector<Breadcrumb> crumbs = {
      {"/", "Home"},
      {"/orgs/" + std::to_string(org.id), org.name},
      {"/orgs/" + std::to_string(org.id) + "/toolkit", "Data security toolkit"}};
  if (!errors.empty())
    return ctx.app.render_form_error(ctx, "toolkit/certificates", std::move(context),
                                     "Cyber Essentials certificates", errors, crumbs);
  return ctx.app.render(ctx, "toolkit/certificates", std::move(context),
                        "Cyber Essentials certificates", crumbs);
}

const char* movement_tag(toolkit::ItemMovement m) {
  switch (m) {
    case toolkit::ItemMovement::now_met:
      return "nhsuk-tag--green";
    case toolkit::ItemMovement::no_longer_met:
      return "nhsuk-tag--red";
    case toolkit::ItemMovement::still_met:
      return "nhsuk-tag--white";
    case toolkit::ItemMovement::still_unmet:
      return "nhsuk-tag--orange";
    case toolkit::ItemMovement::new_item:
      return "nhsuk-tag--blue";
    case toolkit::ItemMovement::removed_item:
      return "nhsuk-tag--grey";
    case toolkit::ItemMovement::to_confirm:
      return "nhsuk-tag--yellow";
  }
  return "";
}

// What a person comparing years wants to look at first: anything that moved.
bool worth_showing(const toolkit::ItemComparison& i) {
  return i.movement != toolkit::ItemMovement::still_met || i.answer_changed;
}

Response compare_page(Ctx& ctx) {
  auto v =
      toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, ctx.req.param_id("id"),
                               ctx.req.param_id("assessment"), ctx.now());
  const std::string show = ctx.req.query_value("show");
  if (!show.empty() && show != "changes" && show != "all")
    throw Error(ErrorCode::bad_request, "Choose to show the changes or every item");
  const bool all = show == "all";
  auto previous =
      toolkit::previous_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, v, ctx.now());
  if (!previous)
    throw Error(ErrorCode::not_found, "There is no assessment from last year to compare with");
  const toolkit::Comparison c = toolkit::compare_assessments(*previous, v);
  json rows = json::array();
  for (const auto& i : c.items) {
    if (!all && !worth_showing(i)) continue;
    rows.push_back({{"id", i.item_id},
                    {"title", i.title},
                    {"group", i.group_title},
                    {"before", i.before_answer.empty() ? json() : json(i.before_answer)},
                    {"after", i.after_answer.empty() ? json() : json(i.after_answer)},
                    {"changed", i.answer_changed},
                    {"mandatory", i.mandatory != toolkit::Mandatory::none},
                    {"movement", toolkit::movement_label(i.movement)},
                    {"tag", movement_tag(i.movement)}});
  }
  const std::string here = base(v.org.id, v.record.id) + "/compare";
  json context = {{"org_name", v.org.name},
                  {"before_title", previous->framework->title},
                  {"after_title", v.framework->title},
                  {"now_met", c.now_met},
                  {"no_longer_met", c.no_longer_met},
                  {"still_met", c.still_met},
                  {"still_unmet", c.still_unmet},
                  {"new_items", c.new_items},
                  {"removed_items", c.removed_items},
                  {"to_confirm", c.to_confirm},
                  {"answers_changed", c.answers_changed},
                  {"unmet_before", c.mandatory_unmet_before},
                  {"unmet_after", c.mandatory_unmet_after},
                  {"rows", rows},
                  {"has_rows", !rows.empty()},
                  {"showing_all", all},
                  {"all_href", here + "?show=all"},
                  {"changes_href", here},
                  {"wide", true}};
  return ctx.app.render(ctx, "toolkit/compare", std::move(context), "Compare with last year",
                        {{"/", "Home"},
                         {"/orgs/" + std::to_string(v.org.id), v.org.name},
                         {base(v.org.id, v.record.id), v.framework->title}});
}

}  // namespace

void register_toolkit_view_pages(App& app) {
  app.page("GET", "/orgs/{id}/toolkit/{assessment}/compare", Access::signed_in, compare_page);

  app.page("GET", "/orgs/{id}/toolkit/{assessment}/caf", Access::signed_in, [](Ctx& ctx) {
    auto v =
        toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, ctx.req.param_id("id"),
                                 ctx.req.param_id("assessment"), ctx.now());
    const toolkit::Framework* walk =
        toolkit::crosswalk_for(ctx.app.library(), v.record.framework_id, v.record.edition);
    const toolkit::Framework* caf =
        walk ? ctx.app.library().find(walk->target.framework, walk->target.edition) : nullptr;
    if (!walk || !caf)
      throw Error(ErrorCode::not_found, "There is no CAF view for this edition yet");
    std::string profile_id = ctx.req.query_value("profile");
    const toolkit::Profile* profile = nullptr;
    for (const auto& p : caf->profiles)
      if (p.id == profile_id || (profile_id.empty() && !profile)) profile = &p;
    if (!profile) throw Error(ErrorCode::bad_request, "Choose one of the profiles listed");
    std::set<std::string> met;
    for (const auto& g : v.groups)
      for (const auto& i : g.items)
        if (i.met) met.insert(i.item->id);
    auto projected = toolkit::project_through_crosswalk(*caf, *walk, met);
    std::map<std::string, const toolkit::ProjectedOutcome*> by_id;
    for (const auto& p : projected) by_id[p.outcome_id] = &p;
    json objectives = json::array();
    int covered = 0, meeting = 0, total = 0;
    for (const auto& o : caf->objectives) {
      json rows = json::array();
      for (const auto& pr : o.principles)
        for (const auto& oc : pr.outcomes) {
          const auto* p = by_id[oc.id];
          const toolkit::CafLevel reached =
              p && p->supported ? *p->supported : toolkit::CafLevel::not_achieved;
          auto expected_it = profile->expected.find(oc.id);
          const toolkit::CafLevel expected = expected_it == profile->expected.end()
                                                 ? toolkit::CafLevel::not_achieved
                                                 : expected_it->second;
          const bool meets = toolkit::level_rank(reached) >= toolkit::level_rank(expected);
          ++total;
          if (p && p->covered) ++covered;
          if (p && p->covered && meets) ++meeting;
          std::string items;
          for (const auto& id : p ? p->supporting_items : std::vector<std::string>{})
            items += (items.empty() ? "" : ", ") + id;
          rows.push_back({{"id", oc.id},
                          {"title", oc.title},
                          {"covered", p && p->covered},
                          {"reached", level_label(reached)},
                          {"expected", level_label(expected)},
                          {"meets", meets},
                          {"items", items.empty() ? json() : json(items)}});
        }
      objectives.push_back({{"id", o.id}, {"title", o.title}, {"rows", rows}});
    }
    json profiles = json::array();
    for (const auto& p : caf->profiles)
      profiles.push_back({{"value", p.id}, {"label", p.title}, {"selected", &p == profile}});
    json context = {{"org_id", v.org.id},
                    {"assessment_id", v.record.id},
                    {"caf_title", caf->title},
                    {"profile_title", profile->title},
                    {"profiles", profiles},
                    {"objectives", objectives},
                    {"covered", std::to_string(covered)},
                    {"meeting", std::to_string(meeting)},
                    {"total", std::to_string(total)},
                    {"wide", true},
                    {"action", base(v.org.id, v.record.id) + "/caf"}};
    return ctx.app.render(ctx, "toolkit/caf", std::move(context), "Your toolkit in CAF terms",
                          {{"/", "Home"},
                           {"/orgs/" + std::to_string(v.org.id), v.org.name},
                           {base(v.org.id, v.record.id), v.framework->title}});
  });

  // Answers and the plan as CSV or XLSX: the same rows either way.
  for (const std::string format : {"csv", "xlsx"}) {
    app.page("GET", "/orgs/{id}/toolkit/{assessment}/answers." + format, Access::signed_in,
             [format](Ctx& ctx) {
               auto v = toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor,
                                                 ctx.req.param_id("id"),
                                                 ctx.req.param_id("assessment"), ctx.now());
               return download(answer_rows(v), format, "toolkit-" + v.record.edition + "-answers",
                               "Answers");
             });
    app.page("GET", "/orgs/{id}/toolkit/{assessment}/plan." + format, Access::signed_in,
             [format](Ctx& ctx) {
               auto v = toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor,
                                                 ctx.req.param_id("id"),
                                                 ctx.req.param_id("assessment"), ctx.now());
               return download(plan_rows(v), format,
                               "toolkit-" + v.record.edition + "-improvement-plan",
                               "Improvement plan");
             });
  }

  // A printable summary of one publication (print stylesheet; "Save as PDF" from the browser).
  app.page("GET", "/orgs/{id}/toolkit/{assessment}/publications/{publication}/summary",
           Access::signed_in, [](Ctx& ctx) {
             auto v = toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor,
                                               ctx.req.param_id("id"),
                                               ctx.req.param_id("assessment"), ctx.now());
             const int64_t publication_id = ctx.req.param_id("publication");
             auto pubs = ctx.app.db().read([&](store::Connection& c) {
               return toolkit::store::publications_of(c, v.org.id);
             });
             const toolkit::store::PublicationRecord* p = nullptr;
             for (const auto& candidate : pubs)
               if (candidate.id == publication_id && candidate.assessment_id == v.record.id)
                 p = &candidate;
             if (!p) throw Error(ErrorCode::not_found, "Page not found");
             toolkit::Status status = toolkit::Status::not_met;
             for (auto s : {toolkit::Status::not_met, toolkit::Status::approaching,
                            toolkit::Status::met, toolkit::Status::exceeded})
               if (p->status == toolkit::to_string(s)) status = s;
             auto snapshot = json::parse(p->snapshot, nullptr, false);
             int applicable = 0, met = 0;
             if (snapshot.is_object() && snapshot.contains("items"))
               for (const auto& i : snapshot["items"]) {
                 if (!i.value("applies", false)) continue;
                 ++applicable;
                 if (i.value("met", false)) ++met;
               }
             json context = {
                 {"org_name", v.org.name},
                 {"ods_code", v.org.ods_code.empty() ? json() : json(v.org.ods_code)},
                 {"title", v.framework->title},
                 {"status", toolkit::status_label(status)},
                 {"published_on", clock::human_date(p->published_at)},
                 {"valid_until",
                  clock::human_date(toolkit::publication_valid_until(p->edition_deadline) - 1)},
                 {"met", std::to_string(met)},
                 {"applicable", std::to_string(applicable)},
                 {"plan_items", std::to_string(snapshot.is_object() && snapshot.contains("plan")
                                                   ? snapshot["plan"].size()
                                                   : 0)}};
             return ctx.app.render(
                 ctx, "toolkit/summary", context, "Data security summary: " + v.org.name,
                 {{"/", "Home"},
                  {"/orgs/" + std::to_string(v.org.id), v.org.name},
                  {base(v.org.id, v.record.id) + "/publications", "Publications"}});
           });

  app.page("GET", "/orgs/{id}/certificates", Access::signed_in,
           [](Ctx& ctx) { return certificates_page(ctx, ctx.req.param_id("id"), {}, {}); });

  app.page("POST", "/orgs/{id}/certificates", Access::signed_in, [](Ctx& ctx) {
    const int64_t org_id = ctx.req.param_id("id");
    toolkit::CertificateInput in{ctx.field("kind"), ctx.field("number"), ctx.field("issued_on"),
                                 ctx.field("expires_on")};
    try {
      toolkit::add_certificate(ctx.app.db(), ctx.actor, org_id, in, ctx.now());
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      return certificates_page(ctx, org_id, in, e.fields());
    }
    return ctx.app.redirect_with_flash(ctx, "/orgs/" + std::to_string(org_id) + "/certificates",
                                       "The certificate has been added");
  });
}

}  // namespace cg::web
