#pragma once
// Frameworks as plain data: a toolkit or checklist is a tree of groups and items; a CAF is
// objectives > principles > outcomes with indicators; a crosswalk maps one onto the other.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "toolkit/rules/rule.h"

namespace cg::toolkit {

enum class FrameworkKind { toolkit, caf, checklist, crosswalk };
enum class Mandatory { approaching, met, none };
enum class AnswerType {
  yes_no,
  yes_no_detail,
  text,
  number,
  date,
  single_choice,
  multi_choice,
  evidence,
  confirm
};
enum class CafLevel { not_achieved, partially_achieved, achieved };

const char* to_string(FrameworkKind kind);
const char* to_string(Mandatory mandatory);
const char* to_string(AnswerType type);
const char* to_string(CafLevel level);
std::optional<AnswerType> answer_type_from_string(const std::string& s);
std::optional<CafLevel> caf_level_from_string(const std::string& s);

struct Choice {
  std::string id;
  std::string label;
};

struct AnswerSpec {
  AnswerType type = AnswerType::yes_no;
  std::string format;         // text: ico_number, ods_code, email, url
  int64_t max_length = 2000;  // text
  std::optional<double> min, max;
  std::string unit;        // number
  bool past_only = false;  // date
  int within_months = 0;   // date
  std::vector<Choice> choices;
  std::string detail_when;  // yes_no_detail: "yes" or "no"
  std::string detail_label;
  std::string statement;  // confirm
};

struct Item {
  std::string id;
  std::string group_id;
  std::string title;
  std::string question;
  std::string guidance;
  std::string why;
  std::vector<std::string> evidence;
  AnswerSpec answer;
  std::string met_when_text;
  std::shared_ptr<const Rule> met_when;
  Mandatory mandatory = Mandatory::none;
  std::vector<std::string> applies_to;  // empty = all
  int64_t min_staff = 0;
  std::string register_name;
  int line = 0;
};

struct Group {
  std::string id;
  std::string title;
  std::string summary;
  std::vector<Item> items;
};

struct Indicator {
  std::string id;
  std::string text;
  CafLevel column = CafLevel::not_achieved;
};

struct Outcome {
  std::string id;
  std::string title;
  std::string summary;
  std::vector<CafLevel> levels;
  std::vector<Indicator> indicators;
};

struct Principle {
  std::string id;
  std::string title;
  std::vector<Outcome> outcomes;
};

struct Objective {
  std::string id;
  std::string title;
  std::vector<Principle> principles;
};

struct Profile {
  std::string id;
  std::string title;
  std::string summary;
  std::map<std::string, CafLevel> expected;
};

enum class Relationship { equal, subset, superset, intersects };
const char* to_string(Relationship r);

struct Mapping {
  std::string source;
  std::string target;
  Relationship relationship = Relationship::intersects;
  CafLevel supports = CafLevel::partially_achieved;
  std::string note;
};

struct FrameworkRef {
  std::string framework;
  std::string edition;
};

struct Framework {
  std::string id;
  std::string edition;
  std::string title;
  FrameworkKind kind = FrameworkKind::toolkit;
  std::string summary;
  std::string publication_deadline;  // YYYY-MM-DD, toolkits
  std::string previous_edition;
  std::string file;

  std::vector<Group> groups;          // toolkit, checklist
  std::vector<Objective> objectives;  // caf
  std::vector<Profile> profiles;      // caf
  FrameworkRef source, target;        // crosswalk
  std::vector<Mapping> mappings;      // crosswalk

  const Item* find_item(const std::string& id) const;
  const Outcome* find_outcome(const std::string& id) const;
  std::vector<const Item*> all_items() const;
  std::vector<const Outcome*> all_outcomes() const;
};

}  // namespace cg::toolkit
