#include "toolkit/review/rules.h"

#include <set>

namespace cg::toolkit::review {

const char* to_string(Judgement j) {
  switch (j) {
    case Judgement::agree:
      return "agree";
    case Judgement::partly:
      return "partly";
    case Judgement::disagree:
      return "disagree";
  }
  return "";
}

const char* judgement_label(Judgement j) {
  switch (j) {
    case Judgement::agree:
      return "Agree";
    case Judgement::partly:
      return "Partly agree";
    case Judgement::disagree:
      return "Disagree";
  }
  return "";
}

std::optional<Judgement> judgement_from_string(const std::string& s) {
  for (Judgement j : kAllJudgements)
    if (s == to_string(j)) return j;
  return std::nullopt;
}

bool needs_action(Judgement j) { return j == Judgement::partly || j == Judgement::disagree; }

const char* to_string(Assurance a) {
  switch (a) {
    case Assurance::substantial:
      return "substantial";
    case Assurance::moderate:
      return "moderate";
    case Assurance::limited:
      return "limited";
    case Assurance::unsatisfactory:
      return "unsatisfactory";
  }
  return "";
}

const char* assurance_label(Assurance a) {
  switch (a) {
    case Assurance::substantial:
      return "Substantial assurance";
    case Assurance::moderate:
      return "Moderate assurance";
    case Assurance::limited:
      return "Limited assurance";
    case Assurance::unsatisfactory:
      return "Unsatisfactory";
  }
  return "";
}

const char* assurance_description(Assurance a) {
  switch (a) {
    case Assurance::substantial:
      return "The answers are well supported and the organisation manages its data security "
             "well.";
    case Assurance::moderate:
      return "Most answers are supported, with some things to improve.";
    case Assurance::limited:
      return "Important answers are not supported, or there are significant weaknesses.";
    case Assurance::unsatisfactory:
      return "The answers cannot be relied on, or basic protections are missing.";
  }
  return "";
}

std::optional<Assurance> assurance_from_string(const std::string& s) {
  for (Assurance a : kAllAssurances)
    if (s == to_string(a)) return a;
  return std::nullopt;
}

const char* stage_label(Stage s) {
  switch (s) {
    case Stage::not_requested:
      return "Not asked for";
    case Stage::in_progress:
      return "In progress";
    case Stage::finalised:
      return "Finalised";
  }
  return "";
}

std::string refusal(Stage stage, Step step) {
  switch (stage) {
    case Stage::not_requested:
      if (step == Step::request) return "";
      return "Nobody has been asked to review this publication";
    case Stage::in_progress:
      return "";
    case Stage::finalised:
      return "This review has been finalised and cannot be changed";
  }
  return "This review cannot be changed";
}

bool may_review(const identity::Actor& actor, const identity::OrgRef& org) {
  for (const auto& m : actor.memberships) {
    const identity::Relation r = identity::relation_between(m, actor, org);
    if (m.role == identity::Role::auditor &&
        (r == identity::Relation::same || r == identity::Relation::descendant))
      return true;
    if (m.role == identity::Role::support_adviser && r == identity::Relation::portfolio)
      return true;
  }
  return false;
}

std::string independence_problem(int64_t reviewer_id, int64_t asked_by, int64_t published_by) {
  if (reviewer_id <= 0) return "Select who you want to review this publication";
  if (reviewer_id == asked_by)
    return "Select someone other than yourself: the review is independent";
  if (reviewer_id == published_by)
    return "Select someone other than the person who published it: the review is independent";
  return "";
}

std::string judgement_field(const std::string& item_id) { return "judgement-" + item_id; }
std::string note_field(const std::string& item_id) { return "note-" + item_id; }

std::vector<FieldError> draft_problems(const Draft& d) {
  Validation v;
  for (const auto& i : d.items) {
    if (!i.judgement.empty() && !judgement_from_string(i.judgement))
      v.add(judgement_field(i.item_id), "Select agree, partly agree or disagree for " + i.item_id);
    else if (i.judgement.empty() && i.note.find_first_not_of(" \t\r\n") != std::string::npos)
      v.add(judgement_field(i.item_id),
            "Select agree, partly agree or disagree for " + i.item_id + " to go with your note");
    if (i.note.size() > kMaxNote)
      v.add(note_field(i.item_id), "The note on " + i.item_id + " must be " +
                                       std::to_string(kMaxNote) + " characters or fewer");
  }
  if (d.good_practice.size() > kMaxText)
    v.add("good_practice", "Areas of good practice must be 5,000 characters or fewer");
  if (d.improvements.size() > kMaxText)
    v.add("improvements", "Areas for improvement must be 5,000 characters or fewer");
  if (!d.assurance.empty() && !assurance_from_string(d.assurance))
    v.add("assurance", "Select an overall assurance level from the list");
  return v.errors();
}

std::vector<FieldError> finalise_problems(const Draft& d,
                                          const std::vector<std::string>& items_to_review) {
  std::vector<FieldError> out = draft_problems(d);
  std::map<std::string, const ItemJudgement*> by_id;
  for (const auto& i : d.items) by_id[i.item_id] = &i;
  std::vector<std::string> unjudged;
  std::vector<FieldError> notes;
  for (const auto& id : items_to_review) {
    auto it = by_id.find(id);
    auto j = it == by_id.end() ? std::nullopt : judgement_from_string(it->second->judgement);
    if (!j) {
      unjudged.push_back(id);
      continue;
    }
    if (needs_action(*j) && it->second->note.find_first_not_of(" \t\r\n") == std::string::npos)
      notes.push_back(
          {note_field(id),
           "Say why you " +
               std::string(*j == Judgement::partly ? "only partly agree with " : "disagree with ") +
               id + ": it goes on the improvement plan"});
  }
  if (unjudged.size() > kMaxListedGaps)
    out.push_back({judgement_field(unjudged.front()),
                   "You have not judged " + std::to_string(unjudged.size()) +
                       " items yet, starting with " + unjudged.front()});
  else
    for (const auto& id : unjudged)
      out.push_back({judgement_field(id), "Select agree, partly agree or disagree for " + id});
  out.insert(out.end(), notes.begin(), notes.end());
  if (d.assurance.empty()) out.push_back({"assurance", "Select an overall assurance level"});
  return out;
}

std::string plan_action(const std::string& note) { return "Reviewer: " + note; }

std::vector<toolkit::store::PlanRecord> plan_entries(
    const std::vector<ItemJudgement>& judged,
    const std::map<std::string, toolkit::store::PlanRecord>& existing) {
  std::vector<toolkit::store::PlanRecord> out;
  std::set<std::string> seen;
  for (const auto& i : judged) {
    auto j = judgement_from_string(i.judgement);
    if (!j || !needs_action(*j) || !seen.insert(i.item_id).second) continue;
    const std::string action = plan_action(i.note);
    auto it = existing.find(i.item_id);
    if (it == existing.end()) {
      out.push_back({i.item_id, action, "", ""});
      continue;
    }
    toolkit::store::PlanRecord e = it->second;
    // Already there (the same line, on a line of its own): nothing to add.
    const std::string& a = e.action;
    bool present = false;
    for (size_t at = a.find(action); at != std::string::npos; at = a.find(action, at + 1)) {
      const bool starts = at == 0 || a[at - 1] == '\n';
      const bool ends = at + action.size() == a.size() || a[at + action.size()] == '\n';
      if (starts && ends) present = true;
    }
    if (present) continue;
    e.action = a.empty() ? action : a + "\n" + action;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace cg::toolkit::review
