#pragma once
// How frameworks, assessments, answers, evidence, plans and statuses look in the JSON API
// (the schemas in content/api/openapi.json). Times are ISO 8601 UTC strings, calendar dates
// YYYY-MM-DD; optional text and ids are null rather than "" or 0.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "toolkit/content/loader.h"
#include "toolkit/service.h"

namespace cg::api {

// One framework in the list: its identity, kind and how much is in it.
nlohmann::json framework_summary_json(const toolkit::Framework& f, bool current);
// The whole framework: groups and items, CAF objectives, principles, outcomes and profiles,
// or a crosswalk's mappings, by its kind.
nlohmann::json framework_json(const toolkit::Framework& f, bool current);

// An assessment without its answers. `framework` may be null (an edition no longer loaded).
nlohmann::json assessment_summary_json(const toolkit::store::AssessmentRecord& a,
                                       const toolkit::Framework* framework, bool current);
// An assessment with every item's answer, what is still missing and the status it would be
// published at `today` (London date).
nlohmann::json assessment_json(const toolkit::AssessmentView& v, bool current,
                               const std::string& today);
// One item of an assessment: whether it applies, its answer, note, evidence, and whether met.
nlohmann::json assessment_item_json(const toolkit::ItemView& item, const std::string& group_id);
// A stored answer as {value, values, detail, text}; null when there is none.
nlohmann::json answer_json(const toolkit::Item& item, const toolkit::StoredAnswer& answer);
nlohmann::json evidence_json(const toolkit::store::EvidenceRecord& e);
nlohmann::json history_json(const toolkit::Item& item, const toolkit::store::HistoryRecord& h);
// The plan: saved entries, the items it has to cover and what still stops publication.
nlohmann::json plan_json(const toolkit::AssessmentView& v, const std::string& today);
nlohmann::json status_json(int64_t org_id, const toolkit::CurrentStatus& s);

std::string assessment_location(int64_t org_id, int64_t assessment_id);

}  // namespace cg::api
