#include "toolkit/model/framework.h"

namespace cg::toolkit {

const char* to_string(FrameworkKind kind) {
  switch (kind) {
    case FrameworkKind::toolkit:
      return "toolkit";
    case FrameworkKind::caf:
      return "caf";
    case FrameworkKind::checklist:
      return "checklist";
    case FrameworkKind::crosswalk:
      return "crosswalk";
  }
  return "";
}

const char* to_string(Mandatory m) {
  switch (m) {
    case Mandatory::approaching:
      return "approaching";
    case Mandatory::met:
      return "met";
    case Mandatory::none:
      return "none";
  }
  return "";
}

namespace {
constexpr std::pair<AnswerType, const char*> kAnswerTypes[] = {
    {AnswerType::yes_no, "yes_no"},
    {AnswerType::yes_no_detail, "yes_no_detail"},
    {AnswerType::text, "text"},
    {AnswerType::number, "number"},
    {AnswerType::date, "date"},
    {AnswerType::single_choice, "single_choice"},
    {AnswerType::multi_choice, "multi_choice"},
    {AnswerType::evidence, "evidence"},
    {AnswerType::confirm, "confirm"},
};
constexpr std::pair<CafLevel, const char*> kLevels[] = {
    {CafLevel::not_achieved, "not_achieved"},
    {CafLevel::partially_achieved, "partially_achieved"},
    {CafLevel::achieved, "achieved"},
};
}  // namespace

const char* to_string(AnswerType type) {
  for (const auto& [t, name] : kAnswerTypes)
    if (t == type) return name;
  return "";
}

std::optional<AnswerType> answer_type_from_string(const std::string& s) {
  for (const auto& [t, name] : kAnswerTypes)
    if (s == name) return t;
  return std::nullopt;
}

const char* to_string(CafLevel level) {
  for (const auto& [l, name] : kLevels)
    if (l == level) return name;
  return "";
}

std::optional<CafLevel> caf_level_from_string(const std::string& s) {
  for (const auto& [l, name] : kLevels)
    if (s == name) return l;
  return std::nullopt;
}

const char* to_string(Relationship r) {
  switch (r) {
    case Relationship::equal:
      return "equal";
    case Relationship::subset:
      return "subset";
    case Relationship::superset:
      return "superset";
    case Relationship::intersects:
      return "intersects";
  }
  return "";
}

const Item* Framework::find_item(const std::string& id) const {
  for (const auto& g : groups)
    for (const auto& i : g.items)
      if (i.id == id) return &i;
  return nullptr;
}

const Outcome* Framework::find_outcome(const std::string& id) const {
  for (const auto& o : objectives)
    for (const auto& p : o.principles)
      for (const auto& oc : p.outcomes)
        if (oc.id == id) return &oc;
  return nullptr;
}

std::vector<const Item*> Framework::all_items() const {
  std::vector<const Item*> out;
  for (const auto& g : groups)
    for (const auto& i : g.items) out.push_back(&i);
  return out;
}

std::vector<const Outcome*> Framework::all_outcomes() const {
  std::vector<const Outcome*> out;
  for (const auto& o : objectives)
    for (const auto& p : o.principles)
      for (const auto& oc : p.outcomes) out.push_back(&oc);
  return out;
}

}  // namespace cg::toolkit
