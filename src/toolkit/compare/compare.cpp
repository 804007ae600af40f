#include "toolkit/compare/compare.h"

#include <map>

#include "toolkit/answers/answer_input.h"

namespace cg::toolkit {

namespace {

bool satisfied(const ItemView& i) { return !i.applies || i.met; }

std::string answer_text(const ItemView& i) {
  return i.answered ? display_answer(*i.item, i.answer) : std::string();
}

ItemMovement movement(bool before, bool after) {
  if (before && after) return ItemMovement::still_met;
  if (after) return ItemMovement::now_met;
  if (before) return ItemMovement::no_longer_met;
  return ItemMovement::still_unmet;
}

void count(Comparison& c, const ItemComparison& i) {
  switch (i.movement) {
    case ItemMovement::now_met:
      ++c.now_met;
      break;
    case ItemMovement::no_longer_met:
      ++c.no_longer_met;
      break;
    case ItemMovement::still_met:
      ++c.still_met;
      break;
    case ItemMovement::still_unmet:
      ++c.still_unmet;
      break;
    case ItemMovement::new_item:
      ++c.new_items;
      break;
    case ItemMovement::removed_item:
      ++c.removed_items;
      break;
    case ItemMovement::to_confirm:
      ++c.to_confirm;
      break;
  }
  if (i.answer_changed) ++c.answers_changed;
}

}  // namespace

const char* to_string(ItemMovement m) {
  switch (m) {
    case ItemMovement::now_met:
      return "now_met";
    case ItemMovement::no_longer_met:
      return "no_longer_met";
    case ItemMovement::still_met:
      return "still_met";
    case ItemMovement::still_unmet:
      return "still_unmet";
    case ItemMovement::new_item:
      return "new_item";
    case ItemMovement::removed_item:
      return "removed_item";
    case ItemMovement::to_confirm:
      return "to_confirm";
  }
  return "";
}

const char* movement_label(ItemMovement m) {
  switch (m) {
    case ItemMovement::now_met:
      return "Now met";
    case ItemMovement::no_longer_met:
      return "No longer met";
    case ItemMovement::still_met:
      return "Met both years";
    case ItemMovement::still_unmet:
      return "Not met either year";
    case ItemMovement::new_item:
      return "New this year";
    case ItemMovement::removed_item:
      return "No longer asked";
    case ItemMovement::to_confirm:
      return "Check this";
  }
  return "";
}

Comparison compare_assessments(const AssessmentView& before, const AssessmentView& after) {
  std::map<std::string, const ItemView*> last_year;
  for (const auto& g : before.groups)
    for (const auto& i : g.items) last_year[i.item->id] = &i;
  Comparison c;
  for (const auto& g : after.groups)
    for (const auto& i : g.items) {
      ItemComparison row;
      row.item_id = i.item->id;
      row.title = i.item->title;
      row.group_title = g.group->title;
      row.mandatory = i.item->mandatory;
      row.after_answer = answer_text(i);
      auto found = last_year.find(i.item->id);
      if (found == last_year.end()) {
        row.movement = ItemMovement::new_item;
      } else {
        const ItemView& old = *found->second;
        row.before_answer = answer_text(old);
        row.answer_changed = old.answered && i.answered && row.before_answer != row.after_answer;
        // A carried-over answer counts only once confirmed, so it has not moved yet.
        row.movement =
            i.carried_over ? ItemMovement::to_confirm : movement(satisfied(old), satisfied(i));
        last_year.erase(found);
      }
      count(c, row);
      c.items.push_back(std::move(row));
    }
  for (const auto& g : before.groups)
    for (const auto& i : g.items) {
      if (!last_year.count(i.item->id)) continue;
      ItemComparison row;
      row.item_id = i.item->id;
      row.title = i.item->title;
      row.group_title = g.group->title;
      row.mandatory = i.item->mandatory;
      row.before_answer = answer_text(i);
      row.movement = ItemMovement::removed_item;
      count(c, row);
      c.items.push_back(std::move(row));
    }
  c.mandatory_unmet_before = before.gaps.for_met.size();
  c.mandatory_unmet_after = after.gaps.for_met.size();
  return c;
}

}  // namespace cg::toolkit
