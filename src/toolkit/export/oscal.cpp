#include "toolkit/export/oscal.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/error.h"
#include "toolkit/answers/answer_input.h"
#include "toolkit/scoring/status.h"

namespace cg::toolkit::oscal {

using nlohmann::json;

namespace {

// RFC 4122's namespace for names that are URLs: Careguard's names are URLs under kNamespace.
constexpr unsigned char kUrlNamespace[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                             0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
// Where a care organisation's ODS code comes from (party external ids need a scheme URI).
constexpr const char* kOdsScheme = "https://digital.nhs.uk/services/organisation-data-service";
// NIST's namespace for the SP 800-53A assessment method names (EXAMINE, INTERVIEW, TEST).
constexpr const char* kRmfNamespace = "http://csrc.nist.gov/ns/rmf";

// One line, as OSCAL strings and prop values must be: runs of white space become one space,
// with none at either end.
std::string one_line(std::string_view s) {
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(ch);
  }
  return out;
}

// A Careguard prop; nothing when the value is empty (OSCAL values may not be).
void add_prop(json& props, const std::string& name, const std::string& value,
              const std::string& cls = "") {
  const std::string v = one_line(value);
  if (v.empty()) return;
  json p = {{"name", name}, {"ns", kNamespace}, {"value", v}};
  if (!cls.empty()) p["class"] = cls;
  props.push_back(std::move(p));
}

// OSCAL's own "label" prop (no namespace): how the control is numbered in the source.
json label_prop(const std::string& label) {
  return {{"name", "label"}, {"value", one_line(label)}};
}

json metadata(const std::string& title, int64_t last_modified, const std::string& version) {
  return {{"title", one_line(title)},
          {"last-modified", clock::iso8601(last_modified)},
          {"version", one_line(version)},
          {"oscal-version", kOscalVersion}};
}

std::string level_title(CafLevel level) {
  switch (level) {
    case CafLevel::not_achieved:
      return "Not achieved";
    case CafLevel::partially_achieved:
      return "Partially achieved";
    case CafLevel::achieved:
      return "Achieved";
  }
  return "";
}

std::string join(const std::vector<std::string>& list, const std::string& sep = ", ") {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : sep) + s;
  return out;
}

// ----- catalog -------------------------------------------------------------------------------

json answer_params(const std::string& id, const AnswerSpec& a) {
  json select;
  if (a.type == AnswerType::yes_no || a.type == AnswerType::yes_no_detail) {
    select = {{"how-many", "one"}, {"choice", {"Yes", "No"}}};
  } else if (a.type == AnswerType::single_choice || a.type == AnswerType::multi_choice) {
    json choices = json::array();
    for (const auto& c : a.choices) choices.push_back(one_line(c.label));
    if (choices.empty()) return json();
    select = {{"how-many", a.type == AnswerType::multi_choice ? "one-or-more" : "one"},
              {"choice", choices}};
  } else {
    return json();
  }
  return json::array({{{"id", id + "_prm_answer"}, {"label", "Answer"}, {"select", select}}});
}

json item_control(const Framework& f, const Item& item) {
  const std::string id = control_id(f, item.id);
  json props = json::array({label_prop(item.id)});
  add_prop(props, "mandatory", to_string(item.mandatory));
  add_prop(props, "answer-type", to_string(item.answer.type));
  if (item.applies_to.empty()) add_prop(props, "applies-to", "all");
  for (const auto& type : item.applies_to) add_prop(props, "applies-to", type);
  if (item.min_staff > 0) add_prop(props, "min-staff", std::to_string(item.min_staff));
  if (!item.register_name.empty()) add_prop(props, "register", item.register_name);

  std::string question = item.question;
  if (item.answer.type == AnswerType::confirm && !item.answer.statement.empty())
    question += "\n\n" + item.answer.statement;
  json parts = json::array();
  parts.push_back({{"id", id + "_smt"}, {"name", "statement"}, {"prose", question}});
  if (!item.guidance.empty())
    parts.push_back({{"id", id + "_gdn"}, {"name", "guidance"}, {"prose", item.guidance}});
  if (!item.why.empty())
    parts.push_back({{"id", id + "_why"},
                     {"name", "guidance"},
                     {"class", "why"},
                     {"title", "Why it matters"},
                     {"prose", item.why}});
  json objective = {{"id", objective_id(f, item.id)},
                    {"name", "assessment-objective"},
                    {"props", json::array({label_prop(item.id)})},
                    {"prose", "The item is met when: " + item.met_when_text}};
  parts.push_back(std::move(objective));
  if (!item.evidence.empty()) {
    std::string examples;
    for (const auto& e : item.evidence) examples += "- " + e + "\n";
    examples.pop_back();
    parts.push_back(
        {{"id", id + "_evidence"},
         {"name", "assessment-method"},
         {"props",
          json::array({{{"name", "method"}, {"ns", kRmfNamespace}, {"value", "EXAMINE"}}})},
         {"title", "Examples of good evidence"},
         {"parts", json::array({{{"id", id + "_evidence_objects"},
                                 {"name", "assessment-objects"},
                                 {"prose", examples}}})}});
  }
  json control = {{"id", id},
                  {"class", "item"},
                  {"title", one_line(item.title)},
                  {"props", props},
                  {"parts", parts}};
  json params = answer_params(id, item.answer);
  if (!params.is_null()) control["params"] = params;
  return control;
}

json outcome_control(const Framework& caf, const Outcome& o) {
  const std::string id = control_id(caf, o.id);
  json props = json::array({label_prop(o.id)});
  for (CafLevel level : o.levels) add_prop(props, "available-level", level_value(level));
  for (const auto& p : caf.profiles) {
    auto it = p.expected.find(o.id);
    if (it != p.expected.end()) add_prop(props, "expected-level", level_value(it->second), p.id);
  }
  json parts = json::array();
  if (!o.summary.empty())
    parts.push_back({{"id", id + "_smt"}, {"name", "statement"}, {"prose", o.summary}});
  json columns = json::array();
  for (CafLevel level :
       {CafLevel::not_achieved, CafLevel::partially_achieved, CafLevel::achieved}) {
    json indicators = json::array();
    for (const auto& i : o.indicators)
      if (i.column == level)
        indicators.push_back(
            {{"id", i.id}, {"name", "indicator"}, {"ns", kNamespace}, {"prose", i.text}});
    if (indicators.empty()) continue;
    columns.push_back({{"id", id + "_obj_" + level_value(level)},
                       {"name", "indicators"},
                       {"ns", kNamespace},
                       {"class", level_value(level)},
                       {"title", level_title(level)},
                       {"parts", indicators}});
  }
  json objective = {{"id", objective_id(caf, o.id)},
                    {"name", "assessment-objective"},
                    {"prose",
                     "The outcome is not achieved if any not-achieved indicator is true, achieved "
                     "if every achieved indicator is true, and partially achieved (where the "
                     "outcome has that level) if every partially-achieved indicator is true."}};
  if (!columns.empty()) objective["parts"] = columns;
  parts.push_back(std::move(objective));
  return {{"id", id},
          {"class", "outcome"},
          {"title", one_line(o.title)},
          {"props", props},
          {"parts", parts}};
}

std::string framework_ref(const Framework& f) { return f.id + "@" + f.edition; }

// ----- assessment plan and results -----------------------------------------------------------

// The stem of every UUID of one publication's documents. The database id alone is not unique
// across installations, so the organisation and the time of publication are part of it.
std::string publication_name(const store::PublicationRecord& p) {
  return "publication/" + std::to_string(p.org_id) + "/" + std::to_string(p.id) + "/" +
         std::to_string(p.published_at);
}

json org_party(const Organisation& org) {
  json party = {
      {"uuid", uuid_for("org/" + std::to_string(org.id))},
      {"type", "organization"},
      {"name", one_line(org.name.empty() ? "Organisation " + std::to_string(org.id) : org.name)}};
  const std::string ods = one_line(org.ods_code);
  if (!ods.empty()) {
    party["short-name"] = ods;
    party["external-ids"] = json::array({{{"scheme", kOdsScheme}, {"id", ods}}});
  }
  return party;
}

// The organisation, as the party that prepared the self-assessment.
void add_org(json& md, const Organisation& org) {
  json party = org_party(org);
  md["roles"] = json::array({{{"id", "prepared-by"}, {"title", "Prepared by"}}});
  md["responsible-parties"] =
      json::array({{{"role-id", "prepared-by"}, {"party-uuids", json::array({party["uuid"]})}}});
  md["parties"] = json::array({std::move(party)});
}

void add_link(json& md, const std::string& href, const std::string& text) {
  if (href.empty()) return;
  if (!md.contains("links")) md["links"] = json::array();
  md["links"].push_back({{"href", href}, {"rel", "reference"}, {"text", one_line(text)}});
}

Status status_from(const std::string& s) {
  for (Status candidate :
       {Status::not_published, Status::not_met, Status::approaching, Status::met, Status::exceeded})
    if (s == to_string(candidate)) return candidate;
  return Status::not_met;
}

std::string hyphens(std::string s) {
  std::replace(s.begin(), s.end(), '_', '-');
  return s;
}

std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string answer_text(const Item* item, const json& answer) {
  if (answer.is_null()) return "";
  if (!item) return answer.dump();
  if (item->answer.type == AnswerType::evidence) return "Evidence recorded";
  return display_answer(*item, answer_from_json(answer.dump(), 0));
}

json item_finding(const std::string& stem, const Framework& toolkit, const json& entry,
                  const std::map<std::string, json>& plan) {
  const std::string id = text_of(entry, "id");
  const Item* item = toolkit.find_item(id);
  const bool applies = entry.value("applies", true);
  const bool met = entry.value("met", false);
  const json answer = entry.contains("answer") ? entry["answer"] : json();
  std::string description;
  if (!applies)
    description = "This item does not apply to the organisation.";
  else if (answer.is_null())
    description = "Not answered.";
  else
    description = "Answer: " + answer_text(item, answer);
  description += met ? "\n\nThe item is met." : "\n\nThe item is not met.";
  json props = json::array();
  if (item) props.push_back(label_prop(id));
  add_prop(props, "framework", framework_ref(toolkit));
  add_prop(props, "mandatory", text_of(entry, "mandatory"));
  add_prop(props, "applies", applies ? "yes" : "no");
  json finding = {{"uuid", uuid_for(stem + "/finding/item/" + id)},
                  {"title", one_line(id + " " + (item ? item->title : std::string()))},
                  {"description", description},
                  {"props", props},
                  {"target",
                   {{"type", "objective-id"},
                    {"target-id", objective_id(toolkit, id)},
                    {"status", {{"state", met ? "satisfied" : "not-satisfied"}}}}}};
  std::string remarks = text_of(entry, "note");
  auto p = plan.find(id);
  if (p != plan.end()) {
    std::string line = "Plan: " + text_of(p->second, "action");
    const std::string owner = text_of(p->second, "owner");
    const std::string date = text_of(p->second, "target_date");
    if (!owner.empty()) line += "\n\nOwner: " + owner;
    if (!date.empty()) line += "\n\nTarget date: " + date;
    remarks += (remarks.empty() ? "" : "\n\n") + line;
  }
  if (!one_line(remarks).empty()) finding["remarks"] = remarks;
  return finding;
}

json outcome_finding(const std::string& stem, const CafProjection& caf, const ProjectedOutcome& p) {
  const Outcome* o = caf.caf->find_outcome(p.outcome_id);
  const CafLevel reached = p.supported.value_or(CafLevel::not_achieved);
  std::optional<CafLevel> expected;
  if (caf.profile) {
    auto it = caf.profile->expected.find(p.outcome_id);
    if (it != caf.profile->expected.end()) expected = it->second;
  }
  const bool satisfied =
      expected ? level_rank(reached) >= level_rank(*expected) : reached == CafLevel::achieved;
  std::string description;
  if (!p.covered) {
    description = "No toolkit item maps to this outcome, so the toolkit says nothing about it.";
  } else {
    description = p.supporting_items.empty()
                      ? "None of the toolkit items that map to this outcome is met."
                      : "Met toolkit items " + join(p.supporting_items) + " support " +
                            level_title(reached) + ".";
    if (!p.unmet_items.empty())
      description += "\n\nMapped items not yet met: " + join(p.unmet_items) + ".";
  }
  if (expected) description += "\n\nExpected: " + level_title(*expected) + ".";
  json props = json::array({label_prop(p.outcome_id)});
  add_prop(props, "framework", framework_ref(*caf.caf));
  add_prop(props, "caf-level", level_value(reached));
  if (expected) add_prop(props, "expected-level", level_value(*expected), caf.profile->id);
  add_prop(props, "caf-coverage", p.covered ? "covered" : "not-covered");
  for (const auto& id : p.supporting_items) add_prop(props, "supporting-item", id);
  return {{"uuid", uuid_for(stem + "/finding/caf/" + p.outcome_id)},
          {"title", one_line(p.outcome_id + " " + (o ? o->title : std::string()))},
          {"description", description},
          {"props", props},
          {"target",
           {{"type", "objective-id"},
            {"target-id", objective_id(*caf.caf, p.outcome_id)},
            {"status", {{"state", satisfied ? "satisfied" : "not-satisfied"}}}}}};
}

}  // namespace

std::string uuid_for(std::string_view name) {
  static std::once_flag once;
  std::call_once(once, [] { crypto::init(); });
  std::string input(reinterpret_cast<const char*>(kUrlNamespace), sizeof kUrlNamespace);
  input += kNamespace;
  input += '/';
  input += name;
  std::string h = crypto::sha256_hex(input).substr(0, 32);
  static constexpr char digits[] = "0123456789abcdef";
  h[12] = '5';  // version 5: name-based
  const int variant = (h[16] >= 'a' ? h[16] - 'a' + 10 : h[16] - '0');
  h[16] = digits[(variant & 0x3) | 0x8];  // variant 10xx: RFC 4122
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string control_id(const Framework& framework, const std::string& id) {
  if (framework.kind == FrameworkKind::caf) return id;
  return "item-" + id;
}

std::string objective_id(const Framework& framework, const std::string& id) {
  return control_id(framework, id) + "_obj";
}

std::string level_value(CafLevel level) { return hyphens(to_string(level)); }

json catalog(const Framework& f, int64_t last_modified) {
  if (f.kind == FrameworkKind::crosswalk)
    throw Error(ErrorCode::not_found, "A crosswalk has no controls to export");
  json md = metadata(f.title, last_modified, f.edition);
  json props = json::array();
  add_prop(props, "framework", f.id);
  add_prop(props, "framework-kind", to_string(f.kind));
  add_prop(props, "publication-deadline", f.publication_deadline);
  add_prop(props, "previous-edition", f.previous_edition);
  for (const auto& p : f.profiles) add_prop(props, "profile", p.title, p.id);
  if (!props.empty()) md["props"] = props;
  if (!f.summary.empty()) md["remarks"] = f.summary;

  json groups = json::array();
  if (f.kind == FrameworkKind::caf) {
    for (const auto& objective : f.objectives) {
      json principles = json::array();
      for (const auto& principle : objective.principles) {
        json controls = json::array();
        for (const auto& o : principle.outcomes) controls.push_back(outcome_control(f, o));
        json g = {{"id", control_id(f, principle.id)},
                  {"class", "principle"},
                  {"title", one_line(principle.title)},
                  {"props", json::array({label_prop(principle.id)})}};
        if (!controls.empty()) g["controls"] = controls;
        principles.push_back(std::move(g));
      }
      json g = {{"id", control_id(f, objective.id)},
                {"class", "objective"},
                {"title", one_line(objective.title)},
                {"props", json::array({label_prop(objective.id)})}};
      if (!principles.empty()) g["groups"] = principles;
      groups.push_back(std::move(g));
    }
  } else {
    const bool toolkit = f.kind == FrameworkKind::toolkit;
    for (const auto& group : f.groups) {
      const std::string gid = (toolkit ? "standard-" : "group-") + group.id;
      json controls = json::array();
      for (const auto& item : group.items) controls.push_back(item_control(f, item));
      json g = {{"id", gid},
                {"class", toolkit ? "standard" : "group"},
                {"title", one_line(group.title)},
                {"props", json::array({label_prop(group.id)})}};
      if (!group.summary.empty())
        g["parts"] =
            json::array({{{"id", gid + "_ovw"}, {"name", "overview"}, {"prose", group.summary}}});
      if (!controls.empty()) g["controls"] = controls;
      groups.push_back(std::move(g));
    }
  }
  json c = {{"uuid", uuid_for("catalog/" + f.id + "/" + f.edition)}, {"metadata", md}};
  if (!groups.empty()) c["groups"] = groups;
  return {{"catalog", c}};
}

json assessment_plan(const store::PublicationRecord& publication, const Framework& toolkit,
                     const Organisation& org, const Links& links) {
  const std::string stem = publication_name(publication);
  json md = metadata("Assessment plan: " + toolkit.title + ", " + org.name,
                     publication.published_at, toolkit.edition);
  add_org(md, org);
  add_link(md, links.toolkit_catalog, toolkit.title + " as an OSCAL catalog");
  const std::string no_ssp = uuid_for(stem + "/resource/no-ssp");
  json resources = json::array(
      {{{"uuid", no_ssp},
        {"title", "No system security plan"},
        {"description",
         "This is a care organisation's self-assessment against the " + toolkit.title +
             ". It has no system security plan: the controls assessed are every item of the "
             "toolkit's catalog, linked from this document's metadata and back matter."}}});
  if (!links.toolkit_catalog.empty())
    resources.push_back({{"uuid", uuid_for(stem + "/resource/catalog")},
                         {"title", toolkit.title + " (OSCAL catalog)"},
                         {"rlinks", json::array({{{"href", links.toolkit_catalog},
                                                  {"media-type", "application/json"}}})}});
  const std::string party = md["parties"][0]["uuid"];
  json plan = {
      {"uuid", uuid_for(stem + "/assessment-plan")},
      {"metadata", md},
      {"import-ssp",
       {{"href", "#" + no_ssp},
        {"remarks", "A self-assessment has no system security plan; see the back matter."}}},
      {"reviewed-controls",
       {{"description", "Every item of the " + toolkit.title + "."},
        {"control-selections", json::array({{{"include-all", json::object()}}})}}},
      {"assessment-subjects",
       json::array(
           {{{"type", "party"},
             {"description", "The organisation that assesses itself."},
             {"include-subjects", json::array({{{"subject-uuid", party}, {"type", "party"}}})}}})},
      {"back-matter", {{"resources", resources}}}};
  return {{"assessment-plan", plan}};
}

CafProjection project_snapshot(const json& snapshot, const Framework& caf,
                               const Framework& crosswalk, const Profile* profile) {
  std::set<std::string> met;
  if (snapshot.contains("items") && snapshot["items"].is_array())
    for (const auto& i : snapshot["items"])
      if (i.value("met", false)) met.insert(text_of(i, "id"));
  return {&caf, profile, project_through_crosswalk(caf, crosswalk, met)};
}

json assessment_results(const store::PublicationRecord& publication, const json& snapshot,
                        const Framework& toolkit, const Organisation& org, const CafProjection& caf,
                        const Links& links) {
  const std::string stem = publication_name(publication);
  const Status status = status_from(publication.status);
  json md = metadata(toolkit.title + " results: " + org.name, publication.published_at,
                     toolkit.edition + " publication " + std::to_string(publication.id));
  md["published"] = clock::iso8601(publication.published_at);
  add_org(md, org);
  add_link(md, links.toolkit_catalog, toolkit.title + " as an OSCAL catalog");
  if (caf.caf) add_link(md, links.caf_catalog, caf.caf->title + " as an OSCAL catalog");

  std::map<std::string, json> plan;
  if (snapshot.contains("plan") && snapshot["plan"].is_array())
    for (const auto& p : snapshot["plan"]) plan[text_of(p, "item")] = p;
  json findings = json::array();
  if (snapshot.contains("items") && snapshot["items"].is_array())
    for (const auto& entry : snapshot["items"])
      findings.push_back(item_finding(stem, toolkit, entry, plan));
  if (caf.caf)
    for (const auto& p : caf.outcomes) findings.push_back(outcome_finding(stem, caf, p));

  json props = json::array();
  add_prop(props, "toolkit-status", hyphens(publication.status));
  add_prop(props, "toolkit-status-label", status_label(status));
  add_prop(props, "framework", framework_ref(toolkit));
  if (caf.caf) add_prop(props, "caf-framework", framework_ref(*caf.caf));
  if (caf.profile) add_prop(props, "caf-profile", caf.profile->id);
  json result = {
      {"uuid", uuid_for(stem + "/result")},
      {"title", one_line(toolkit.title + ": " + status_label(status))},
      {"description", org.name + " published its " + toolkit.title + " on " +
                          clock::human_date(publication.published_at) + " with the status " +
                          status_label(status) +
                          ". Each toolkit item is a finding; each CAF outcome is a finding "
                          "with the level the met items support through the crosswalk."},
      {"start", clock::iso8601(publication.published_at)},
      {"end", clock::iso8601(publication.published_at)},
      {"props", props},
      {"reviewed-controls",
       {{"control-selections", json::array({{{"include-all", json::object()}}})}}}};
  if (!findings.empty()) result["findings"] = findings;
  json ar = {
      {"uuid", uuid_for(stem + "/assessment-results")},
      {"metadata", md},
      {"import-ap",
       {{"href", links.assessment_plan.empty() ? "assessment-plan.json" : links.assessment_plan}}},
      {"results", json::array({result})}};
  return {{"assessment-results", ar}};
}

}  // namespace cg::toolkit::oscal
