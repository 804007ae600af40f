// Fuzzes the framework content loader (toolkit/content/loader): the input is one framework
// file. The loader promises to report every problem as (file, line, column, message) and
// never to throw, so any exception is a crash. Problems must name this file and a line and
// column inside it (an empty document has no position). A file with no problems must give a usable
// framework, and its OSCAL catalog must serialise, parse back to the same document and keep every
// item or outcome as a control with its id.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "fuzz_support.h"
#include "toolkit/content/loader.h"
#include "toolkit/export/oscal.h"

namespace {

using nlohmann::json;
using namespace cg;
using namespace cg::toolkit;

constexpr const char* kName = "fuzz.yaml";

bool one_line(const std::string& s) {
  return s.find_first_of("\n\r\t") == std::string::npos &&
         (s.empty() || (s.front() != ' ' && s.back() != ' '));
}

// Every control (item or outcome) under a catalog's groups, by id.
void collect_controls(const json& node, std::set<std::string>& ids) {
  if (node.contains("controls"))
    for (const auto& c : node["controls"]) {
      if (!ids.insert(c.at("id").get<std::string>()).second) fuzz::fail("duplicate control id");
      if (!one_line(c.at("title").get<std::string>())) fuzz::fail("control title not one line");
      for (const auto& p : c.at("props")) {
        const std::string v = p.at("value");
        if (v.empty() || !one_line(v)) fuzz::fail("prop value empty or not one line");
      }
    }
  if (node.contains("groups"))
    for (const auto& g : node["groups"]) collect_controls(g, ids);
}

void check_catalog(const Framework& f) {
  const json catalog = oscal::catalog(f, 1795000000);
  std::string text;
  try {
    text = catalog.dump();
  } catch (const json::type_error&) {
    fuzz::fail("a framework the loader accepted has text the catalog cannot serialise");
  }
  const json back = json::parse(text, nullptr, false);
  if (back.is_discarded() || back != catalog) fuzz::fail("catalog does not parse back the same");
  std::set<std::string> ids, expected;
  collect_controls(back.at("catalog"), ids);
  if (f.kind == FrameworkKind::caf) {
    for (const Outcome* o : f.all_outcomes()) expected.insert(oscal::control_id(f, o->id));
  } else {
    for (const Item* i : f.all_items()) expected.insert(oscal::control_id(f, i->id));
  }
  if (ids != expected) fuzz::fail("catalog controls are not the framework's items");
}

void check_framework(const Framework& f) {
  if (f.id.empty() || f.edition.empty() || f.title.empty()) fuzz::fail("accepted without ids");
  for (const Item* item : f.all_items()) {
    if (!item->met_when) fuzz::fail("accepted an item without a rule");
    if (f.find_item(item->id) != item) fuzz::fail("item not found by its id");
    (void)item->met_when->evaluate(AnswerValue{true, "yes", 1.0, {"a"}, 1}, "2026-11-22");
  }
  if (f.kind != FrameworkKind::crosswalk) check_catalog(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  int lines = 1;
  for (char c : text) lines += c == '\n';
  std::vector<ContentProblem> problems;
  const Framework f = read_framework_text(text, kName, problems);
  for (const auto& p : problems) {
    if (p.file != kName) fuzz::fail("problem names another file");
    if (p.message.empty()) fuzz::fail("problem without a message");
    // Line 0 means "no position": only an empty document, which yaml-cpp gives no mark, has none.
    if (p.line == 0 ? p.message.rfind("the file ", 0) != 0 : p.line > lines + 1 || p.column < 1)
      fuzz::fail("problem without a line and column in the file");
    (void)p.to_string();
  }
  if (problems.empty()) check_framework(f);
  return 0;
}
