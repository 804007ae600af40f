#include "toolkit/content/loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/utf8.h"

namespace cg::toolkit {

namespace fs = std::filesystem;

std::string ContentProblem::to_string() const {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line) + ":" + std::to_string(column);
  return s + ": " + message;
}

namespace {

std::string join(const std::vector<ContentProblem>& problems) {
  std::string s;
  for (const auto& p : problems) s += p.to_string() + "\n";
  return s;
}

}  // namespace

ContentError::ContentError(std::vector<ContentProblem> problems)
    : std::runtime_error("framework content has problems:\n" + join(problems)),
      problems_(std::move(problems)) {}

namespace {

const std::set<std::string> kOrgTypes = {"care_home",         "home_care",      "supported_living",
                                         "other_social_care", "gp_practice",    "nhs_trust",
                                         "pharmacy",          "local_authority"};
const std::set<std::string> kRegisters = {"assets", "suppliers", "staff_training", "policies"};
const std::set<std::string> kFormats = {"ico_number", "ods_code", "email", "url"};

class Reader {
 public:
  Reader(std::string file, std::vector<ContentProblem>& problems)
      : file_(std::move(file)), problems_(problems) {}

  // A node looked up by a key that is not there has no position (yaml-cpp throws when asked
  // for one), so the problem is placed at the mapping the reader looked at last.
  void problem(const YAML::Node& at, const std::string& message) {
    YAML::Mark m = at.IsDefined() ? at.Mark() : last_map_;
    problems_.push_back(
        {file_, m.line >= 0 ? m.line + 1 : 0, m.column >= 0 ? m.column + 1 : 0, message});
  }

  // Checks a mapping has only allowed keys and all required ones.
  bool map(const YAML::Node& n, const std::string& what, const std::set<std::string>& allowed,
           const std::set<std::string>& required) {
    if (!n.IsDefined() || !n.IsMap()) {
      problem(n, what + " should be a set of 'key: value' lines");
      return false;
    }
    last_map_ = n.Mark();
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) {
        problem(kv.first, "a key in " + what + " should be a word, not a list or a set");
        continue;
      }
      const std::string key = kv.first.as<std::string>();
      if (!allowed.count(key)) problem(kv.first, "unknown key '" + key + "' in " + what);
    }
    for (const auto& key : required)
      if (!n[key]) problem(n, what + " is missing '" + key + "'");
    return true;
  }

  std::string text(const YAML::Node& n, const std::string& key, const std::string& what,
                   bool required = true) {
    const YAML::Node v = n[key];
    if (!v) return "";
    if (!v.IsScalar()) {
      problem(v, what + ": '" + key + "' should be text");
      return "";
    }
    std::string s = v.as<std::string>();
    if (required && s.empty()) problem(v, what + ": '" + key + "' is empty");
    return s;
  }

  std::optional<double> number(const YAML::Node& n, const std::string& key,
                               const std::string& what) {
    const YAML::Node v = n[key];
    if (!v) return std::nullopt;
    try {
      const double d = v.as<double>();
      if (std::isfinite(d)) return d;
    } catch (const YAML::Exception&) {
    }
    problem(v, what + ": '" + key + "' should be a number");
    return std::nullopt;
  }

  // A whole number from lo to hi (an integer conversion of any other double is undefined).
  std::optional<int64_t> whole(const YAML::Node& n, const std::string& key, const std::string& what,
                               int64_t lo, int64_t hi) {
    const auto v = number(n, key, what);
    if (!v) return std::nullopt;
    if (*v < static_cast<double>(lo) || *v > static_cast<double>(hi) || *v != std::floor(*v)) {
      problem(n[key], what + ": '" + key + "' should be a whole number from " + std::to_string(lo) +
                          " to " + std::to_string(hi));
      return std::nullopt;
    }
    return static_cast<int64_t>(*v);
  }

  // The entries of a list; a problem when the node is there but is not a list.
  std::vector<YAML::Node> list(const YAML::Node& n, const std::string& what) {
    std::vector<YAML::Node> out;
    if (!n.IsDefined() || n.IsNull()) return out;
    if (!n.IsSequence()) {
      problem(n, what + " should be a list");
      return out;
    }
    for (const auto& e : n) out.push_back(e);
    return out;
  }

  std::vector<std::string> texts(const YAML::Node& n, const std::string& key,
                                 const std::string& what) {
    std::vector<std::string> out;
    const YAML::Node v = n[key];
    if (!v) return out;
    if (!v.IsSequence()) {
      problem(v, what + ": '" + key + "' should be a list");
      return out;
    }
    for (const auto& e : v) {
      if (!e.IsScalar())
        problem(e, what + ": each entry of '" + key + "' should be text");
      else
        out.push_back(e.as<std::string>());
    }
    return out;
  }

  void unique(const YAML::Node& at, const std::string& id, const std::string& what) {
    if (id.empty()) return;
    if (!ids_.insert(id).second) problem(at, "duplicate id '" + id + "' (" + what + ")");
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::vector<ContentProblem>& problems_;
  std::set<std::string> ids_;
  YAML::Mark last_map_ = YAML::Mark::null_mark();
};

AnswerSpec read_answer(Reader& r, const YAML::Node& n, const std::string& what) {
  AnswerSpec a;
  if (!r.map(n, what + " answer",
             {"type", "format", "max_length", "min", "max", "unit", "past_only", "within_months",
              "choices", "detail_when", "detail_label", "statement"},
             {"type"}))
    return a;
  const std::string type = r.text(n, "type", what);
  if (auto t = answer_type_from_string(type))
    a.type = *t;
  else
    r.problem(n["type"], what + ": unknown answer type '" + type + "'");
  a.format = r.text(n, "format", what, false);
  if (!a.format.empty() && !kFormats.count(a.format))
    r.problem(n["format"], what + ": unknown format '" + a.format + "'");
  if (auto v = r.whole(n, "max_length", what, 1, 100000)) a.max_length = *v;
  a.min = r.number(n, "min", what);
  a.max = r.number(n, "max", what);
  if (a.min && a.max && *a.min > *a.max) r.problem(n["min"], what + ": min is bigger than max");
  a.unit = r.text(n, "unit", what, false);
  if (n["past_only"]) a.past_only = n["past_only"].as<bool>(false);
  if (auto v = r.whole(n, "within_months", what, 1, 120)) a.within_months = static_cast<int>(*v);
  a.detail_when = r.text(n, "detail_when", what, false);
  a.detail_label = r.text(n, "detail_label", what, false);
  a.statement = r.text(n, "statement", what, false);
  if (const YAML::Node cs = n["choices"]) {
    if (!cs.IsSequence()) {
      r.problem(cs, what + ": choices should be a list");
    } else {
      std::set<std::string> seen;
      for (const auto& c : cs) {
        if (!r.map(c, what + " choice", {"id", "label"}, {"id", "label"})) continue;
        Choice choice{r.text(c, "id", what), r.text(c, "label", what)};
        if (!seen.insert(choice.id).second)
          r.problem(c, what + ": duplicate choice '" + choice.id + "'");
        a.choices.push_back(choice);
      }
    }
  }
  const bool choice_type =
      a.type == AnswerType::single_choice || a.type == AnswerType::multi_choice;
  if (choice_type && a.choices.size() < 2)
    r.problem(n, what + ": a choice answer needs at least two choices");
  if (!choice_type && !a.choices.empty())
    r.problem(n["choices"], what + ": only choice answers have choices");
  if (a.type == AnswerType::yes_no_detail && a.detail_when != "yes" && a.detail_when != "no")
    r.problem(n, what + ": yes_no_detail needs detail_when: \"yes\" or \"no\"");
  if (a.type == AnswerType::number && (!a.min || !a.max))
    r.problem(n, what + ": a number answer needs min and max");
  if (a.type == AnswerType::confirm && a.statement.empty())
    r.problem(n, what + ": a confirm answer needs a statement");
  return a;
}

// Checks a parsed rule makes sense for the item's answer.
void check_rule(Reader& r, const YAML::Node& at, const Rule& rule, const AnswerSpec& a,
                const std::string& what) {
  auto complain = [&](const Condition& c, const std::string& message) {
    r.problem(at, what + ": met_when (column " + std::to_string(c.column) + "): " + message);
  };
  for (const auto& group : rule.groups())
    for (const auto& c : group) {
      switch (c.kind) {
        case Condition::Kind::not_empty:
        case Condition::Kind::has_evidence:
          break;
        case Condition::Kind::within_months:
          if (a.type != AnswerType::date) complain(c, "'within' only works with date answers");
          break;
        case Condition::Kind::includes:
          if (a.type != AnswerType::multi_choice)
            complain(c, "'includes' only works with multi_choice answers");
          else if (std::none_of(a.choices.begin(), a.choices.end(),
                                [&](const Choice& ch) { return ch.id == c.word; }))
            complain(c, "there is no choice '" + c.word + "'");
          break;
        case Condition::Kind::compare:
          if (c.number) {
            if (a.type != AnswerType::number)
              complain(c, "numbers can only be compared with number answers");
            else if ((a.min && *c.number < *a.min) || (a.max && *c.number > *a.max))
              complain(c, "the number is outside the answer's range");
          } else if (a.type == AnswerType::yes_no || a.type == AnswerType::yes_no_detail) {
            if (c.word != "yes" && c.word != "no")
              complain(c, "a yes/no answer is 'yes' or 'no', not '" + c.word + "'");
          } else if (a.type == AnswerType::single_choice) {
            if (std::none_of(a.choices.begin(), a.choices.end(),
                             [&](const Choice& ch) { return ch.id == c.word; }))
              complain(c, "there is no choice '" + c.word + "'");
          } else if (a.type == AnswerType::confirm) {
            if (c.word != "confirmed")
              complain(c, "a confirm answer can only be compared with 'confirmed'");
          } else {
            complain(c, "this answer type cannot be compared with a word");
          }
          break;
      }
    }
}

Item read_item(Reader& r, const YAML::Node& n, const std::string& group_id) {
  Item it;
  it.group_id = group_id;
  it.line = n.Mark().line + 1;
  if (!r.map(n, "item",
             {"id", "title", "question", "guidance", "why", "evidence", "answer", "met_when",
              "mandatory", "applies_to", "min_staff", "register"},
             {"id", "title", "question", "guidance", "why", "answer", "met_when", "mandatory"}))
    return it;
  it.id = r.text(n, "id", "item");
  const std::string what = "item " + it.id;
  r.unique(n["id"], it.id, "item");
  it.title = r.text(n, "title", what);
  it.question = r.text(n, "question", what);
  it.guidance = r.text(n, "guidance", what);
  it.why = r.text(n, "why", what);
  it.evidence = r.texts(n, "evidence", what);
  if (n["answer"]) it.answer = read_answer(r, n["answer"], what);
  it.met_when_text = r.text(n, "met_when", what);
  if (!it.met_when_text.empty()) {
    try {
      it.met_when = Rule::parse(it.met_when_text);
      check_rule(r, n["met_when"], *it.met_when, it.answer, what);
    } catch (const RuleError& e) {
      r.problem(n["met_when"],
                what + ": met_when (column " + std::to_string(e.column()) + "): " + e.what());
    }
  }
  const std::string mandatory = r.text(n, "mandatory", what);
  if (mandatory == "approaching")
    it.mandatory = Mandatory::approaching;
  else if (mandatory == "met")
    it.mandatory = Mandatory::met;
  else if (mandatory == "none")
    it.mandatory = Mandatory::none;
  else if (!mandatory.empty())
    r.problem(n["mandatory"], what + ": mandatory must be approaching, met or none");
  if (const YAML::Node a = n["applies_to"]) {
    if (a.IsScalar() && a.as<std::string>() == "all") {
    } else {
      it.applies_to = r.texts(n, "applies_to", what);
      for (const auto& t : it.applies_to)
        if (!kOrgTypes.count(t)) r.problem(a, what + ": unknown organisation type '" + t + "'");
    }
  }
  if (auto v = r.whole(n, "min_staff", what, 0, 1000000)) it.min_staff = *v;
  if (n["register"] && !n["register"].IsNull()) {
    it.register_name = r.text(n, "register", what);
    if (!kRegisters.count(it.register_name))
      r.problem(n["register"], what + ": unknown register '" + it.register_name + "'");
  }
  return it;
}

void read_groups(Reader& r, const YAML::Node& doc, Framework& f) {
  const YAML::Node groups = doc["groups"];
  if (!groups || !groups.IsSequence()) {
    r.problem(doc, "a " + std::string(to_string(f.kind)) + " needs a list of groups");
    return;
  }
  for (const auto& g : groups) {
    if (!r.map(g, "group", {"id", "title", "summary", "items"}, {"id", "title", "items"})) continue;
    Group group;
    group.id = r.text(g, "id", "group");
    r.unique(g["id"], group.id, "group");
    group.title = r.text(g, "title", "group " + group.id);
    group.summary = r.text(g, "summary", "group " + group.id, false);
    if (!g["items"].IsDefined() || !g["items"].IsSequence()) {
      r.problem(g["items"], "group " + group.id + ": items should be a list");
      continue;
    }
    for (const auto& i : r.list(g["items"], "items"))
      group.items.push_back(read_item(r, i, group.id));
    f.groups.push_back(std::move(group));
  }
}

void read_caf(Reader& r, const YAML::Node& doc, Framework& f) {
  const YAML::Node objectives = doc["objectives"];
  if (!objectives || !objectives.IsSequence()) {
    r.problem(doc, "a CAF needs a list of objectives");
    return;
  }
  for (const auto& o : r.list(objectives, "objectives")) {
    if (!r.map(o, "objective", {"id", "title", "principles"}, {"id", "title", "principles"}))
      continue;
    Objective obj{r.text(o, "id", "objective"), r.text(o, "title", "objective"), {}};
    r.unique(o["id"], obj.id, "objective");
    for (const auto& p : r.list(o["principles"], "principles")) {
      if (!r.map(p, "principle", {"id", "title", "outcomes"}, {"id", "title", "outcomes"}))
        continue;
      Principle pr{r.text(p, "id", "principle"), r.text(p, "title", "principle"), {}};
      r.unique(p["id"], pr.id, "principle");
      for (const auto& oc : r.list(p["outcomes"], "outcomes")) {
        if (!r.map(oc, "outcome", {"id", "title", "summary", "indicators", "levels"},
                   {"id", "title", "indicators", "levels"}))
          continue;
        Outcome out;
        out.id = r.text(oc, "id", "outcome");
        const std::string what = "outcome " + out.id;
        r.unique(oc["id"], out.id, "outcome");
        out.title = r.text(oc, "title", what);
        out.summary = r.text(oc, "summary", what, false);
        for (const auto& l : r.texts(oc, "levels", what)) {
          if (auto level = caf_level_from_string(l))
            out.levels.push_back(*level);
          else
            r.problem(oc["levels"], what + ": unknown level '" + l + "'");
        }
        const YAML::Node ind = oc["indicators"];
        if (r.map(ind, what + " indicators", {"not_achieved", "partially_achieved", "achieved"},
                  {"not_achieved", "achieved"})) {
          for (CafLevel column :
               {CafLevel::not_achieved, CafLevel::partially_achieved, CafLevel::achieved}) {
            const YAML::Node list = ind[to_string(column)];
            const bool listed =
                std::find(out.levels.begin(), out.levels.end(), column) != out.levels.end();
            if (column == CafLevel::partially_achieved && bool(list) != listed)
              r.problem(ind, what +
                                 ": partially_achieved indicators must be given exactly when that "
                                 "level is listed");
            if (!list) continue;
            for (const auto& e : r.list(list, what + " " + to_string(column) + " indicators")) {
              if (!r.map(e, what + " indicator", {"id", "text"}, {"id", "text"})) continue;
              Indicator i{r.text(e, "id", what), r.text(e, "text", what), column};
              r.unique(e["id"], i.id, "indicator");
              out.indicators.push_back(i);
            }
          }
        }
        pr.outcomes.push_back(std::move(out));
      }
      obj.principles.push_back(std::move(pr));
    }
    f.objectives.push_back(std::move(obj));
  }
  if (const YAML::Node profiles = doc["profiles"]) {
    for (const auto& p : r.list(profiles, "profiles")) {
      if (!r.map(p, "profile", {"id", "title", "summary", "expected"}, {"id", "title", "expected"}))
        continue;
      Profile prof{r.text(p, "id", "profile"),
                   r.text(p, "title", "profile"),
                   r.text(p, "summary", "profile", false),
                   {}};
      r.unique(p["id"], prof.id, "profile");
      const YAML::Node expected = p["expected"];
      if (!expected.IsDefined()) continue;  // r.map has said it is missing
      if (!expected.IsMap()) {
        r.problem(expected, "profile " + prof.id + ": expected should be 'outcome: level' lines");
        continue;
      }
      for (const auto& kv : expected) {
        if (!kv.first.IsScalar() || !kv.second.IsScalar()) {
          r.problem(kv.first, "profile " + prof.id + ": expected should be 'outcome: level' lines");
          continue;
        }
        const std::string outcome = kv.first.as<std::string>();
        const std::string level = kv.second.as<std::string>();
        const Outcome* o = f.find_outcome(outcome);
        auto l = caf_level_from_string(level);
        if (!o)
          r.problem(kv.first, "profile " + prof.id + ": no outcome '" + outcome + "'");
        else if (!l)
          r.problem(kv.second, "profile " + prof.id + ": unknown level '" + level + "'");
        else if (std::find(o->levels.begin(), o->levels.end(), *l) == o->levels.end())
          r.problem(kv.second, "profile " + prof.id + ": outcome " + outcome + " has no level '" +
                                   level + "'");
        else
          prof.expected[outcome] = *l;
      }
      for (const Outcome* o : f.all_outcomes())
        if (!prof.expected.count(o->id))
          r.problem(p, "profile " + prof.id + " does not say what level " + o->id + " needs");
      f.profiles.push_back(std::move(prof));
    }
  }
}

void read_crosswalk(Reader& r, const YAML::Node& doc, Framework& f) {
  const YAML::Node fw = doc["framework"];
  for (auto [key, ref] : {std::pair{"source", &f.source}, std::pair{"target", &f.target}}) {
    const YAML::Node n = fw[key];
    if (!n) {
      r.problem(fw, std::string("a crosswalk needs '") + key + "'");
      continue;
    }
    if (!r.map(n, key, {"framework", "edition"}, {"framework", "edition"})) continue;
    ref->framework = r.text(n, "framework", key);
    ref->edition = r.text(n, "edition", key);
  }
  for (const auto& m : r.list(doc["mappings"], "mappings")) {
    if (!r.map(m, "mapping", {"source", "target", "relationship", "supports", "note"},
               {"source", "target", "relationship", "supports"}))
      continue;
    Mapping mp;
    mp.source = r.text(m, "source", "mapping");
    mp.target = r.text(m, "target", "mapping");
    const std::string rel = r.text(m, "relationship", "mapping");
    if (rel == "equal")
      mp.relationship = Relationship::equal;
    else if (rel == "subset")
      mp.relationship = Relationship::subset;
    else if (rel == "superset")
      mp.relationship = Relationship::superset;
    else if (rel == "intersects")
      mp.relationship = Relationship::intersects;
    else
      r.problem(m["relationship"],
                "mapping: relationship must be equal, subset, superset or intersects");
    if (auto l = caf_level_from_string(r.text(m, "supports", "mapping")))
      mp.supports = *l;
    else
      r.problem(m["supports"], "mapping: supports must be a CAF level");
    mp.note = r.text(m, "note", "mapping", false);
    f.mappings.push_back(mp);
  }
}

}  // namespace

Framework read_framework_text(const std::string& text, const std::string& name,
                              std::vector<ContentProblem>& problems) {
  Framework f;
  f.file = name;
  Reader r(name, problems);
  // yaml-cpp passes bytes that are not UTF-8 through, and the OSCAL catalog could then not be
  // written (nlohmann's dump() throws), so such a file is refused here, at the first bad byte.
  if (const size_t bad = utf8_text_prefix(text); bad < text.size()) {
    const size_t line_start = text.rfind('\n', bad);  // text[bad] itself is not a '\n'
    const auto line =
        std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    const size_t column = line_start == std::string::npos ? bad : bad - line_start - 1;
    problems.push_back({name, static_cast<int>(line) + 1, static_cast<int>(column) + 1,
                        "this is not UTF-8 text (or it holds a NUL character): save the file as "
                        "UTF-8"});
    return f;
  }
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    problems.push_back(
        {name, e.mark.line + 1, e.mark.column + 1, "this is not valid YAML: " + e.msg});
    return f;
  }
  if (!r.map(doc, "the file", {"framework", "groups", "objectives", "profiles", "mappings"},
             {"framework"}))
    return f;
  const YAML::Node fw = doc["framework"];
  if (!r.map(fw, "framework",
             {"id", "edition", "title", "kind", "publication_deadline", "previous_edition",
              "summary", "source", "target"},
             {"id", "edition", "title", "kind"}))
    return f;
  f.id = r.text(fw, "id", "framework");
  if (!std::regex_match(f.id, std::regex("[a-z0-9-]+")))
    r.problem(fw["id"], "framework id must be lower-case letters, digits and hyphens");
  f.edition = r.text(fw, "edition", "framework");
  f.title = r.text(fw, "title", "framework");
  f.summary = r.text(fw, "summary", "framework", false);
  f.previous_edition = r.text(fw, "previous_edition", "framework", false);
  f.publication_deadline = r.text(fw, "publication_deadline", "framework", false);
  if (!f.publication_deadline.empty() && !valid_date(f.publication_deadline))
    r.problem(fw["publication_deadline"], "publication_deadline must be a date like 2027-06-30");
  const std::string kind = r.text(fw, "kind", "framework");
  if (kind == "toolkit")
    f.kind = FrameworkKind::toolkit;
  else if (kind == "checklist")
    f.kind = FrameworkKind::checklist;
  else if (kind == "caf")
    f.kind = FrameworkKind::caf;
  else if (kind == "crosswalk")
    f.kind = FrameworkKind::crosswalk;
  else {
    r.problem(fw["kind"], "kind must be toolkit, caf, checklist or crosswalk");
    return f;
  }
  if (f.kind == FrameworkKind::toolkit && f.publication_deadline.empty())
    r.problem(fw, "a toolkit needs a publication_deadline");
  if (f.kind == FrameworkKind::toolkit || f.kind == FrameworkKind::checklist)
    read_groups(r, doc, f);
  if (f.kind == FrameworkKind::caf) read_caf(r, doc, f);
  if (f.kind == FrameworkKind::crosswalk) read_crosswalk(r, doc, f);
  return f;
}

Framework read_framework(const std::string& path, std::vector<ContentProblem>& problems) {
  std::ifstream in(path);
  if (!in) {
    problems.push_back({path, 0, 0, "cannot read the file"});
    return {};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return read_framework_text(ss.str(), path, problems);
}

Library Library::load(const std::string& dir) {
  Library lib;
  std::vector<ContentProblem> problems;
  std::vector<fs::path> files;
  if (fs::is_directory(dir))
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) problems.push_back({dir, 0, 0, "no framework files (*.yaml) found"});
  for (const auto& file : files) {
    Framework f = read_framework(file.string(), problems);
    const std::string key = f.id + "@" + f.edition;
    if (lib.frameworks_.count(key))
      problems.push_back(
          {file.string(), 0, 0, "framework " + key + " is also in " + lib.frameworks_[key].file});
    else
      lib.frameworks_[key] = std::move(f);
  }
  // Checks between files.
  for (const auto& [key, f] : lib.frameworks_) {
    if (!f.previous_edition.empty() && !lib.find(f.id, f.previous_edition))
      problems.push_back(
          {f.file, 0, 0,
           "previous edition " + f.previous_edition + " of " + f.id + " is not in " + dir});
    if (f.kind != FrameworkKind::crosswalk) continue;
    const Framework* source = lib.find(f.source.framework, f.source.edition);
    const Framework* target = lib.find(f.target.framework, f.target.edition);
    if (!source)
      problems.push_back(
          {f.file, 0, 0,
           "crosswalk source " + f.source.framework + "@" + f.source.edition + " is not loaded"});
    if (!target)
      problems.push_back(
          {f.file, 0, 0,
           "crosswalk target " + f.target.framework + "@" + f.target.edition + " is not loaded"});
    if (!source || !target) continue;
    for (const auto& m : f.mappings) {
      if (!source->find_item(m.source))
        problems.push_back(
            {f.file, 0, 0, "crosswalk: no item '" + m.source + "' in " + source->title});
      const Outcome* o = target->find_outcome(m.target);
      if (!o)
        problems.push_back(
            {f.file, 0, 0, "crosswalk: no outcome '" + m.target + "' in " + target->title});
      else if (std::find(o->levels.begin(), o->levels.end(), m.supports) == o->levels.end())
        problems.push_back(
            {f.file, 0, 0,
             "crosswalk: outcome " + m.target + " has no level " + to_string(m.supports)});
    }
  }
  if (!problems.empty()) throw ContentError(std::move(problems));
  return lib;
}

const Framework* Library::find(const std::string& id, const std::string& edition) const {
  auto it = frameworks_.find(id + "@" + edition);
  return it == frameworks_.end() ? nullptr : &it->second;
}

std::vector<const Framework*> Library::all() const {
  std::vector<const Framework*> out;
  for (const auto& [k, f] : frameworks_) out.push_back(&f);
  return out;
}

std::vector<const Framework*> Library::editions(const std::string& id) const {
  std::vector<const Framework*> out;
  for (const auto& [k, f] : frameworks_)
    if (f.id == id) out.push_back(&f);
  return out;
}

}  // namespace cg::toolkit
