#pragma once
// Independent review of a published assessment: who may review, what a reviewer may do at each
// stage, what a draft and a finished review must contain, and which improvement plan entries a
// finalised review leaves behind. Plain functions over plain values.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "identity/policy.h"
#include "toolkit/store/assessment_store.h"

namespace cg::toolkit::review {

// The reviewer's view of one item of the published assessment.
enum class Judgement { agree, partly, disagree };
inline constexpr Judgement kAllJudgements[] = {Judgement::agree, Judgement::partly,
                                               Judgement::disagree};
const char* to_string(Judgement j);        // "agree", "partly", "disagree"
const char* judgement_label(Judgement j);  // "Agree", "Partly agree", "Disagree"
std::optional<Judgement> judgement_from_string(const std::string& s);
// Partial agreements and disagreements are what the provider has to act on.
bool needs_action(Judgement j);

// The overall level of assurance the review gives.
enum class Assurance { substantial, moderate, limited, unsatisfactory };
inline constexpr Assurance kAllAssurances[] = {Assurance::substantial, Assurance::moderate,
                                               Assurance::limited, Assurance::unsatisfactory};
const char* to_string(Assurance a);
const char* assurance_label(Assurance a);        // "Substantial assurance"
const char* assurance_description(Assurance a);  // one plain sentence
std::optional<Assurance> assurance_from_string(const std::string& s);

// Where a publication's review is, and what someone may ask of it.
enum class Stage { not_requested, in_progress, finalised };
enum class Step {
  request,   // the organisation lead asks someone (or someone else) to review
  save,      // the reviewer saves judgements and text
  finalise,  // the reviewer finishes; nothing changes afterwards
};
inline constexpr Stage kAllStages[] = {Stage::not_requested, Stage::in_progress, Stage::finalised};
inline constexpr Step kAllSteps[] = {Step::request, Step::save, Step::finalise};
const char* stage_label(Stage s);  // "Not asked for", "In progress", "Finalised"
// Why the step cannot be taken at this stage; empty when it can.
std::string refusal(Stage stage, Step step);

// Whether the actor holds rights that let them review the organisation's assessment: the
// auditor role in the organisation or one above it, or the support adviser role in a support
// organisation with the organisation (or one above it) in its portfolio. Being able to review
// is not enough on its own: the organisation lead must also have asked this person.
bool may_review(const identity::Actor& actor, const identity::OrgRef& org);

// Why this person cannot be the independent reviewer of a publication (empty when they can):
// nobody reviews a publication they published or asks themselves to review it.
std::string independence_problem(int64_t reviewer_id, int64_t asked_by, int64_t published_by);

// What the reviewer typed, as strings: a draft may be incomplete.
struct ItemJudgement {
  std::string item_id;
  std::string judgement;  // "", "agree", "partly" or "disagree"
  std::string note;
};
struct Draft {
  std::vector<ItemJudgement> items;
  std::string good_practice;
  std::string improvements;
  std::string assurance;  // "" or one of Assurance
};

inline constexpr size_t kMaxNote = 1000;
inline constexpr size_t kMaxText = 5000;
// More unjudged items than this are reported as one problem, not one each.
inline constexpr size_t kMaxListedGaps = 5;

// Form field ids, so errors link to the right input.
std::string judgement_field(const std::string& item_id);
std::string note_field(const std::string& item_id);

// Problems with a draft as typed: unknown choices, a note without a judgement, and text that
// is too long.
std::vector<FieldError> draft_problems(const Draft& draft);
// What stops the review being finalised: the draft's own problems, every item to review
// judged, a note with each partial agreement or disagreement, and an assurance level.
std::vector<FieldError> finalise_problems(const Draft& draft,
                                          const std::vector<std::string>& items_to_review);

// The plan action a reviewer's note becomes: "Reviewer: <note>".
std::string plan_action(const std::string& note);
// The improvement plan entries a finalised review adds or changes: one for each item partly
// agreed or disagreed with. A new entry has the reviewer's action and no owner or date (the
// organisation lead fills them in); an item already on the plan keeps its action, owner and
// date and has the reviewer's action added on a new line (once).
std::vector<toolkit::store::PlanRecord> plan_entries(
    const std::vector<ItemJudgement>& judged,
    const std::map<std::string, toolkit::store::PlanRecord>& existing);

}  // namespace cg::toolkit::review
