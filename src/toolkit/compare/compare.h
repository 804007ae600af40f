#pragma once
// Year-on-year comparison of two assessments (normally last year's edition and this year's),
// item by item, matched on item id. A plain function over the two views, so it is tested with
// hand-made views.
#include <optional>
#include <string>
#include <vector>

#include "toolkit/service.h"

namespace cg::toolkit {

enum class ItemMovement {
  now_met,        // not met last year, met now
  no_longer_met,  // met last year, not met now
  still_met,      // met both years (answer may differ)
  still_unmet,    // not met either year
  new_item,       // only in this year's edition
  removed_item,   // only in last year's edition
  to_confirm,     // carried over from last year and not yet confirmed
};
const char* to_string(ItemMovement m);
const char* movement_label(ItemMovement m);  // plain words for a tag

struct ItemComparison {
  std::string item_id;
  std::string title;
  std::string group_title;
  Mandatory mandatory = Mandatory::none;  // this year's (last year's for removed items)
  std::string before_answer;              // display text, "" when not answered
  std::string after_answer;
  bool answer_changed = false;  // both answered and the answers differ
  ItemMovement movement = ItemMovement::still_unmet;
};

struct Comparison {
  std::vector<ItemComparison> items;  // this year's order, removed items last
  int now_met = 0;
  int no_longer_met = 0;
  int still_met = 0;
  int still_unmet = 0;
  int new_items = 0;
  int removed_items = 0;
  int to_confirm = 0;
  int answers_changed = 0;
  size_t mandatory_unmet_before = 0;  // unmet items mandatory for Standards Met
  size_t mandatory_unmet_after = 0;
};

// An item that does not apply to the organisation counts as met (nothing to do).
Comparison compare_assessments(const AssessmentView& before, const AssessmentView& after);

}  // namespace cg::toolkit

namespace cg::toolkit {

// Last year's assessment for the same organisation: the one this was copied from, otherwise the
// one for the previous edition. Nullopt when there is none.
std::optional<AssessmentView> previous_assessment(Database& db, const Library& library,
                                                  const identity::Actor& actor,
                                                  const AssessmentView& current, int64_t now);

}  // namespace cg::toolkit
