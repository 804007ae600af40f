#include "api/toolkit_representations.h"

#include "core/clock.h"
#include "toolkit/scoring/london_time.h"

namespace cg::api {

using nlohmann::json;

namespace {

json id_or_null(int64_t id) { return id > 0 ? json(id) : json(); }
json text_or_null(const std::string& text) { return text.empty() ? json() : json(text); }
json time_or_null(int64_t at) { return at > 0 ? json(clock::iso8601(at)) : json(); }

std::string framework_href(const toolkit::Framework& f) {
  return "/api/v1/frameworks/" + f.id + "/" + f.edition;
}

json counts_json(const toolkit::Framework& f) {
  int items = 0, approaching = 0, met = 0, principles = 0, outcomes = 0, indicators = 0;
  for (const auto& g : f.groups)
    for (const auto& i : g.items) {
      ++items;
      if (i.mandatory == toolkit::Mandatory::approaching) ++approaching;
      if (i.mandatory == toolkit::Mandatory::met) ++met;
    }
  for (const auto& o : f.objectives)
    for (const auto& p : o.principles) {
      ++principles;
      for (const auto& out : p.outcomes) {
        ++outcomes;
        indicators += static_cast<int>(out.indicators.size());
      }
    }
  return {{"groups", f.groups.size()},
          {"items", items},
          {"mandatory_approaching", approaching},
          {"mandatory_met", met},
          {"objectives", f.objectives.size()},
          {"principles", principles},
          {"outcomes", outcomes},
          {"indicators", indicators},
          {"profiles", f.profiles.size()},
          {"mappings", f.mappings.size()}};
}

json answer_spec_json(const toolkit::AnswerSpec& a) {
  using toolkit::AnswerType;
  json j = {{"type", toolkit::to_string(a.type)}};
  switch (a.type) {
    case AnswerType::text:
      j["format"] = text_or_null(a.format);
      j["max_length"] = a.max_length;
      break;
    case AnswerType::number:
      j["min"] = a.min ? json(*a.min) : json();
      j["max"] = a.max ? json(*a.max) : json();
      j["unit"] = text_or_null(a.unit);
      break;
    case AnswerType::date:
      j["past_only"] = a.past_only;
      j["within_months"] = a.within_months > 0 ? json(a.within_months) : json();
      break;
    case AnswerType::single_choice:
    case AnswerType::multi_choice: {
      json choices = json::array();
      for (const auto& c : a.choices) choices.push_back({{"id", c.id}, {"label", c.label}});
      j["choices"] = choices;
      break;
    }
    case AnswerType::yes_no_detail:
      j["detail_when"] = text_or_null(a.detail_when);
      j["detail_label"] = text_or_null(a.detail_label);
      break;
    case AnswerType::confirm:
      j["statement"] = a.statement;
      break;
    case AnswerType::yes_no:
    case AnswerType::evidence:
      break;
  }
  return j;
}

json item_spec_json(const toolkit::Item& i) {
  return {{"id", i.id},
          {"title", i.title},
          {"question", i.question},
          {"guidance", i.guidance},
          {"why", i.why},
          {"evidence_examples", i.evidence},
          {"answer", answer_spec_json(i.answer)},
          {"met_when", i.met_when_text},
          {"mandatory", toolkit::to_string(i.mandatory)},
          {"applies_to", i.applies_to.empty() ? json() : json(i.applies_to)},
          {"min_staff", i.min_staff},
          {"register", text_or_null(i.register_name)}};
}

json caf_json(const toolkit::Framework& f) {
  json objectives = json::array();
  for (const auto& o : f.objectives) {
    json principles = json::array();
    for (const auto& p : o.principles) {
      json outcomes = json::array();
      for (const auto& out : p.outcomes) {
        json levels = json::array();
        for (auto l : out.levels) levels.push_back(toolkit::to_string(l));
        json indicators = json::array();
        for (const auto& ind : out.indicators)
          indicators.push_back(
              {{"id", ind.id}, {"text", ind.text}, {"level", toolkit::to_string(ind.column)}});
        outcomes.push_back({{"id", out.id},
                            {"title", out.title},
                            {"summary", out.summary},
                            {"levels", levels},
                            {"indicators", indicators}});
      }
      principles.push_back({{"id", p.id}, {"title", p.title}, {"outcomes", outcomes}});
    }
    objectives.push_back({{"id", o.id}, {"title", o.title}, {"principles", principles}});
  }
  json profiles = json::array();
  for (const auto& p : f.profiles) {
    json expected = json::object();
    for (const auto& [outcome, level] : p.expected) expected[outcome] = toolkit::to_string(level);
    profiles.push_back(
        {{"id", p.id}, {"title", p.title}, {"summary", p.summary}, {"expected", expected}});
  }
  return {{"objectives", objectives}, {"profiles", profiles}};
}

json crosswalk_json(const toolkit::Framework& f) {
  json mappings = json::array();
  for (const auto& m : f.mappings)
    mappings.push_back({{"source", m.source},
                        {"target", m.target},
                        {"relationship", toolkit::to_string(m.relationship)},
                        {"supports", toolkit::to_string(m.supports)},
                        {"note", text_or_null(m.note)}});
  return {{"source", {{"framework", f.source.framework}, {"edition", f.source.edition}}},
          {"target", {{"framework", f.target.framework}, {"edition", f.target.edition}}},
          {"mappings", mappings}};
}

json plan_entry_json(const toolkit::store::PlanRecord& p) {
  return {{"item", p.item_id},
          {"action", text_or_null(p.action)},
          {"owner", text_or_null(p.owner)},
          {"target_date", text_or_null(p.target_date)}};
}

}  // namespace

std::string assessment_location(int64_t org_id, int64_t assessment_id) {
  return "/api/v1/orgs/" + std::to_string(org_id) + "/assessments/" + std::to_string(assessment_id);
}

json framework_summary_json(const toolkit::Framework& f, bool current) {
  return {{"id", f.id},
          {"edition", f.edition},
          {"title", f.title},
          {"kind", toolkit::to_string(f.kind)},
          {"summary", f.summary},
          {"publication_deadline", text_or_null(f.publication_deadline)},
          {"previous_edition", text_or_null(f.previous_edition)},
          {"current", current},
          {"counts", counts_json(f)},
          {"href", framework_href(f)}};
}

json framework_json(const toolkit::Framework& f, bool current) {
  json j = framework_summary_json(f, current);
  switch (f.kind) {
    case toolkit::FrameworkKind::toolkit:
    case toolkit::FrameworkKind::checklist: {
      json groups = json::array();
      for (const auto& g : f.groups) {
        json items = json::array();
        for (const auto& i : g.items) items.push_back(item_spec_json(i));
        groups.push_back(
            {{"id", g.id}, {"title", g.title}, {"summary", g.summary}, {"items", items}});
      }
      j["groups"] = groups;
      break;
    }
    case toolkit::FrameworkKind::caf:
      j.update(caf_json(f));
      break;
    case toolkit::FrameworkKind::crosswalk:
      j.update(crosswalk_json(f));
      break;
  }
  return j;
}

json assessment_summary_json(const toolkit::store::AssessmentRecord& a,
                             const toolkit::Framework* framework, bool current) {
  return {
      {"id", a.id},
      {"org_id", a.org_id},
      {"framework", a.framework_id},
      {"edition", a.edition},
      {"title", framework ? json(framework->title) : json()},
      {"publication_deadline", framework ? text_or_null(framework->publication_deadline) : json()},
      {"current", current},
      {"copied_from", id_or_null(a.copied_from)},
      {"created_at", time_or_null(a.created_at)},
      {"updated_at", time_or_null(a.updated_at)},
      {"href", assessment_location(a.org_id, a.id)}};
}

json answer_json(const toolkit::Item& item, const toolkit::StoredAnswer& answer) {
  if (!answer.value.present) return json();
  using toolkit::AnswerType;
  json value;
  json values;
  if (item.answer.type == AnswerType::multi_choice)
    values = answer.value.choices;
  else if (item.answer.type == AnswerType::number)
    value = answer.value.number ? json(*answer.value.number) : json();
  else
    value = text_or_null(answer.value.text);
  return {{"value", value},
          {"values", values},
          {"detail", text_or_null(answer.detail)},
          {"text", toolkit::display_answer(item, answer)}};
}

json evidence_json(const toolkit::store::EvidenceRecord& e) {
  return {{"id", e.id},
          {"title", e.title},
          {"kind", e.kind},
          {"url", e.url},
          {"owner", text_or_null(e.owner)},
          {"review_date", text_or_null(e.review_date)},
          {"created_at", time_or_null(e.created_at)}};
}

json assessment_item_json(const toolkit::ItemView& iv, const std::string& group_id) {
  const toolkit::Item& item = *iv.item;
  json evidence = json::array();
  for (const auto& e : iv.evidence) evidence.push_back(evidence_json(e));
  return {{"id", item.id},
          {"group", group_id},
          {"title", item.title},
          {"answer_type", toolkit::to_string(item.answer.type)},
          {"mandatory", toolkit::to_string(item.mandatory)},
          {"applies", iv.applies},
          {"answered", iv.answered},
          {"carried_over", iv.carried_over},
          {"met", iv.met},
          {"answer", iv.answered ? answer_json(item, iv.answer) : json()},
          {"note", text_or_null(iv.note)},
          {"evidence", evidence}};
}

json assessment_json(const toolkit::AssessmentView& v, bool current, const std::string& today) {
  json j = assessment_summary_json(v.record, v.framework, current);
  json groups = json::array();
  json items = json::array();
  int applicable = 0, answered = 0, met = 0;
  for (const auto& g : v.groups) {
    groups.push_back({{"id", g.group->id},
                      {"title", g.group->title},
                      {"progress", g.progress()},
                      {"applicable", g.applicable},
                      {"answered", g.answered},
                      {"mandatory_left", g.mandatory_left}});
    applicable += g.applicable;
    answered += g.answered;
    for (const auto& i : g.items) {
      if (i.met) ++met;
      items.push_back(assessment_item_json(i, g.group->id));
    }
  }
  const toolkit::PublishDecision d = v.decision(today);
  json problems = json::array();
  for (const auto& p : d.problems) problems.push_back(p);
  json plan = json::array();
  for (const auto& [id, p] : v.plan) plan.push_back(plan_entry_json(p));
  json evidence = json::array();
  for (const auto& e : v.all_evidence) evidence.push_back(evidence_json(e));
  j["progress"] = {{"applicable", applicable}, {"answered", answered}, {"met", met}};
  j["gaps"] = {{"approaching", v.gaps.for_approaching}, {"met", v.gaps.for_met}};
  j["would_publish"] = {{"status", toolkit::to_string(d.status)},
                        {"label", toolkit::status_label(d.status)},
                        {"can_publish", d.problems.empty()},
                        {"problems", problems}};
  j["cyber_essentials_plus"] = v.current_ce_plus;
  j["approaching_published"] = v.approaching_published;
  j["groups"] = groups;
  j["items"] = items;
  j["plan"] = plan;
  j["evidence"] = evidence;
  return j;
}

json history_json(const toolkit::Item& item, const toolkit::store::HistoryRecord& h) {
  auto answer = [&](const std::string& stored) {
    return stored.empty() ? json() : answer_json(item, toolkit::answer_from_json(stored, 0));
  };
  json by;
  if (h.changed_by > 0) by = {{"id", h.changed_by}, {"name", text_or_null(h.changed_by_name)}};
  return {{"id", h.id},
          {"changed_at", time_or_null(h.changed_at)},
          {"changed_by", by},
          {"before", answer(h.old_value)},
          {"after", answer(h.new_value)},
          {"note_before", text_or_null(h.old_note)},
          {"note_after", text_or_null(h.new_note)}};
}

json plan_json(const toolkit::AssessmentView& v, const std::string& today) {
  json entries = json::array();
  for (const auto& [id, p] : v.plan) entries.push_back(plan_entry_json(p));
  json problems = json::array();
  for (const auto& p : v.decision(today).problems) problems.push_back(p);
  return {{"entries", entries}, {"items_to_cover", v.gaps.for_met}, {"problems", problems}};
}

json status_json(int64_t org_id, const toolkit::CurrentStatus& s) {
  json j = {{"org_id", org_id},
            {"status", toolkit::to_string(s.status)},
            {"label", toolkit::status_label(s.status)},
            {"text", toolkit::public_status_text(s)},
            {"publication_id", json()},
            {"framework", json()},
            {"edition", json()},
            {"published_at", json()},
            {"valid_until", json()},
            {"expires_at", json()}};
  if (s.publication) {
    j["publication_id"] = id_or_null(s.publication->sequence);
    j["framework"] = toolkit::kToolkitId;
    j["edition"] = s.publication->edition;
    j["published_at"] = time_or_null(s.publication->published_at);
    if (s.valid_until > 0) {
      j["valid_until"] = toolkit::london_date(s.valid_until - 1);
      j["expires_at"] = clock::iso8601(s.valid_until);
    }
  }
  return j;
}

}  // namespace cg::api
