// Year-on-year comparison: how each item moved between two assessments, as a table of cases.
#include "toolkit/compare/compare.h"

#include <gtest/gtest.h>

#include <deque>
#include <set>

namespace {

using namespace cg::toolkit;

struct Spec {
  std::string id;
  bool applies;
  const char* answer;  // "yes", "no" or nullptr for not answered
  bool met;
  bool carried_over = false;
};

// A one-group view over yes/no items kept alive by `store`.
AssessmentView view_of(const std::vector<Spec>& specs, std::deque<Item>& items,
                       std::deque<Group>& groups) {
  groups.push_back(Group{"1", "Personal confidential data", "", {}});
  AssessmentView v;
  GroupView g;
  g.group = &groups.back();
  for (const auto& s : specs) {
    Item item;
    item.id = s.id;
    item.title = "Item " + s.id;
    item.mandatory = Mandatory::met;
    item.answer.type = AnswerType::yes_no;
    items.push_back(item);
    ItemView iv;
    iv.item = &items.back();
    iv.applies = s.applies;
    iv.met = s.met;
    iv.answered = s.answer != nullptr;
    iv.carried_over = s.carried_over;
    if (s.answer) iv.answer = answer_from_json(std::string("{\"value\":\"") + s.answer + "\"}", 0);
    if (s.applies && !s.met) v.gaps.for_met.push_back(s.id);
    g.items.push_back(iv);
  }
  v.groups.push_back(g);
  return v;
}

TEST(CompareAssessments, ClassifiesEveryMovement) {
  std::deque<Item> items;
  std::deque<Group> groups;
  auto before = view_of({{"1.1", true, "no", false},
                         {"1.2", true, "yes", true},
                         {"1.3", true, "yes", true},
                         {"1.4", true, nullptr, false},
                         {"1.5", false, nullptr, false},
                         {"1.7", true, "yes", true},
                         {"1.9", true, "yes", true}},
                        items, groups);
  auto after = view_of({{"1.1", true, "yes", true},
                        {"1.2", true, "no", false},
                        {"1.3", true, "yes", true},
                        {"1.4", true, "no", false},
                        {"1.5", true, "yes", true},
                        {"1.6", true, nullptr, false},
                        {"1.7", true, "yes", false, true}},
                       items, groups);
  const Comparison c = compare_assessments(before, after);
  struct Expect {
    const char* id;
    ItemMovement movement;
    bool changed;
    const char* before;
    const char* after;
  };
  const Expect expected[] = {
      {"1.1", ItemMovement::now_met, true, "No", "Yes"},
      {"1.2", ItemMovement::no_longer_met, true, "Yes", "No"},
      {"1.3", ItemMovement::still_met, false, "Yes", "Yes"},
      {"1.4", ItemMovement::still_unmet, false, "", "No"},
      // Did not apply last year (nothing to do), met now.
      {"1.5", ItemMovement::still_met, false, "", "Yes"},
      {"1.6", ItemMovement::new_item, false, "", ""},
      // Carried over and not yet confirmed: not counted as met, but not a step back either.
      {"1.7", ItemMovement::to_confirm, false, "Yes", "Yes"},
      {"1.9", ItemMovement::removed_item, false, "Yes", ""},
  };
  ASSERT_EQ(c.items.size(), std::size(expected));
  for (size_t i = 0; i < c.items.size(); ++i) {
    SCOPED_TRACE(expected[i].id);
    EXPECT_EQ(c.items[i].item_id, expected[i].id);
    EXPECT_EQ(c.items[i].movement, expected[i].movement);
    EXPECT_EQ(c.items[i].answer_changed, expected[i].changed);
    EXPECT_EQ(c.items[i].before_answer, expected[i].before);
    EXPECT_EQ(c.items[i].after_answer, expected[i].after);
    EXPECT_EQ(c.items[i].group_title, "Personal confidential data");
  }
  EXPECT_EQ(c.now_met, 1);
  EXPECT_EQ(c.no_longer_met, 1);
  EXPECT_EQ(c.still_met, 2);
  EXPECT_EQ(c.still_unmet, 1);
  EXPECT_EQ(c.new_items, 1);
  EXPECT_EQ(c.removed_items, 1);
  EXPECT_EQ(c.to_confirm, 1);
  EXPECT_EQ(c.answers_changed, 2);
  EXPECT_EQ(c.mandatory_unmet_before, 2u);  // 1.1 and 1.4
  EXPECT_EQ(c.mandatory_unmet_after, 4u);   // 1.2, 1.4, 1.6 and unconfirmed 1.7
}

TEST(CompareAssessments, EmptyViewsCompareToNothing) {
  const Comparison c = compare_assessments(AssessmentView{}, AssessmentView{});
  EXPECT_TRUE(c.items.empty());
  EXPECT_EQ(
      c.now_met + c.no_longer_met + c.still_met + c.still_unmet + c.new_items + c.removed_items, 0);
}

TEST(CompareAssessments, MovementLabelsAreDistinct) {
  const ItemMovement all[] = {ItemMovement::now_met,   ItemMovement::no_longer_met,
                              ItemMovement::still_met, ItemMovement::still_unmet,
                              ItemMovement::new_item,  ItemMovement::removed_item,
                              ItemMovement::to_confirm};
  std::set<std::string> labels, ids;
  for (auto m : all) {
    labels.insert(movement_label(m));
    ids.insert(to_string(m));
  }
  EXPECT_EQ(labels.size(), std::size(all));
  EXPECT_EQ(ids.size(), std::size(all));
}

}  // namespace
