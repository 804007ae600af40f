#pragma once
// Turning what a person typed into a checked answer for one item, and back.
#include <string>
#include <vector>

#include "core/error.h"
#include "toolkit/model/framework.h"
#include "toolkit/rules/rule.h"

namespace cg::toolkit {

struct RawAnswer {
  std::string value;                // the single value (radio, text box, number, date)
  std::vector<std::string> values;  // ticked boxes for multi_choice
  std::string detail;               // yes_no_detail's explanation
};

struct StoredAnswer {
  AnswerValue value;
  std::string detail;
  std::string json;  // canonical form kept in the database
};

// Checks the answer against the item's answer type; throws cg::Error(validation) naming the
// field ("answer" or "detail") with a plain message. today is the London date.
StoredAnswer parse_answer(const Item& item, const RawAnswer& raw, const std::string& today);
// Reads a stored answer back (evidence_count comes from the evidence linked to the item).
StoredAnswer answer_from_json(const std::string& json, int evidence_count);
// The answer as a person would read it, e.g. "Yes", "96%", "12 March 2026", "Backups, Encryption".
std::string display_answer(const Item& item, const StoredAnswer& answer);

// Whether an item is asked of this organisation (by type and number of staff).
bool item_applies(const Item& item, const std::string& org_type, int64_t staff_count);
bool item_met(const Item& item, const StoredAnswer& answer, const std::string& today);

}  // namespace cg::toolkit
