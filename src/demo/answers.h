#pragma once
// Answers to one toolkit edition that produce a wanted status. For each item, answers are
// sorted once into ones that meet it and ones that do not (by the toolkit's own rules), so a
// generated assessment is checked the way a real one would be: the gaps are found and the
// publication decided by toolkit/scoring, and a mismatch with the wanted status is an error.
#include <string>
#include <vector>

#include "demo/rng.h"
#include "identity/model.h"
#include "toolkit/model/framework.h"
#include "toolkit/scoring/status.h"

namespace cg::demo {

struct Candidate {
  std::string json;             // the stored answer (for dates, a template filled in per use)
  int date_back_days = -1;      // date answers: that many days before the day of answering
  bool needs_evidence = false;  // met only with evidence linked to the item
};

struct ItemAnswers {
  const toolkit::Item* item = nullptr;
  std::vector<Candidate> met, unmet;
};

class AnswerBook {
 public:
  // Throws std::logic_error naming an item no generated answer can meet.
  explicit AnswerBook(const toolkit::Framework& framework);
  const toolkit::Framework& framework() const { return *framework_; }
  const std::vector<ItemAnswers>& items() const { return items_; }

 private:
  const toolkit::Framework* framework_;
  std::vector<ItemAnswers> items_;
};

struct GeneratedAnswer {
  std::string item_id;
  std::string json;
  bool met = false;
  bool needs_evidence = false;
};

struct GeneratedPlanEntry {
  std::string item_id;
  std::string action;
  std::string owner;
  std::string target_date;
};

struct GeneratedAssessment {
  std::vector<toolkit::ItemResult> results;  // every item, as scored on the day
  std::vector<GeneratedAnswer> answers;      // the items answered
  std::vector<GeneratedPlanEntry> plan;
  toolkit::Gaps gaps;
  toolkit::Status status = toolkit::Status::not_published;
};

// A complete assessment published on `date` with status `wanted` (not_met, approaching, met or
// exceeded; exceeded assumes a current Cyber Essentials Plus certificate). Throws
// std::logic_error if the toolkit's rules would give another status.
GeneratedAssessment published_assessment(const AnswerBook& book, identity::OrgType type,
                                         int64_t staff, toolkit::Status wanted,
                                         const std::string& date, Rng& rng);
// An assessment in progress on `date` with about `progress` of its applicable items answered.
GeneratedAssessment partial_assessment(const AnswerBook& book, identity::OrgType type,
                                       int64_t staff, double progress, const std::string& date,
                                       Rng& rng);

}  // namespace cg::demo
