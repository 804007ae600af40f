// Fuzzes the OSCAL export round trip (toolkit/export/oscal). From the input, an organisation
// (name, ODS code) fills in an assessment of the real toolkit: for each item it picks, whether
// it applies, what was typed as the answer (kept only when parse_answer accepts it, as the
// service does), a note and an improvement plan entry. Text arrives as UTF-8 (JSON bodies are
// parsed as such and http::form_fields refuses anything else), so other text counts as not
// typed at all. The publication snapshot is made as toolkit::publish makes it and stored as
// text; the export is made from the stored text as the download does, serialised with dump(2)
// and parsed back. Then:
// - the document has the expected top-level structure, and parses back the same;
// - every item is a finding targeting its objective, satisfied exactly when it is met, and
//   its answer, note and plan survive; every CAF outcome is a finding; the organisation is
//   the party that prepared it; titles and prop values are single non-empty lines.
// Any exception (nlohmann's included) or broken check is a crash.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "fuzz_support.h"
#include "toolkit/answers/answer_input.h"
#include "toolkit/export/oscal.h"
#include "toolkit/scoring/status.h"

namespace {

using nlohmann::json;
using namespace cg;
using namespace cg::toolkit;

constexpr const char* kToday = "2026-11-22";
constexpr const char* kCafProfile = "health-care-baseline";  // as web/pages/export_pages.cpp

struct Context {
  const Framework* toolkit = nullptr;
  const Framework* crosswalk = nullptr;
  const Framework* caf = nullptr;
  const Profile* profile = nullptr;
};

const Context& context() {
  static const Context c = [] {
    Context out;
    const Library& lib = fuzz::real_library();
    out.toolkit = lib.find("care-toolkit", "2026-27");
    if (!out.toolkit) fuzz::fail("the real library has no care-toolkit 2026-27");
    for (const Framework* f : lib.all())
      if (f->kind == FrameworkKind::crosswalk && f->source.framework == out.toolkit->id &&
          f->source.edition == out.toolkit->edition)
        out.crosswalk = f;
    if (!out.crosswalk) fuzz::fail("the real library has no crosswalk for the toolkit");
    out.caf = lib.find(out.crosswalk->target.framework, out.crosswalk->target.edition);
    if (!out.caf) fuzz::fail("the real library has no CAF for the crosswalk");
    for (const auto& p : out.caf->profiles)
      if (p.id == kCafProfile) out.profile = &p;
    if (!out.profile) fuzz::fail("the CAF has no health-care-baseline profile");
    return out;
  }();
  return c;
}

// Text as a form or a JSON body could carry it: UTF-8, else nothing.
std::string typed_text(FuzzedDataProvider& in, size_t max_length) {
  std::string s = in.ConsumeRandomLengthString(max_length);
  return fuzz::dumps(s) ? s : std::string();
}

// Values worth typing into an item: the words the rules know, a date, numbers, its choices.
std::string typed_value(FuzzedDataProvider& in, const Item& item) {
  std::vector<std::string> words = {"yes",      "no",         "confirmed",
                                    "reviewed", "2026-03-01", "95",
                                    "100",      "ZA123456",   "https://example.org/x"};
  for (const auto& c : item.answer.choices) words.push_back(c.id);
  const size_t pick = in.ConsumeIntegralInRange<size_t>(0, words.size());
  return pick == words.size() ? typed_text(in, 80) : words[pick];
}

// Runs of white space become one space; none at either end (oscal.cpp's one_line).
std::string squeezed(const std::string& s) {
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(ch);
  }
  return out;
}

std::string prop(const json& node, const std::string& name) {
  if (node.contains("props"))
    for (const auto& p : node["props"])
      if (p.at("name") == name) return p.at("value");
  return "";
}

// Titles and prop values anywhere in the document are single non-empty lines.
void check_lines(const json& j) {
  if (j.is_object()) {
    if (j.contains("title") && j["title"].is_string() &&
        squeezed(j["title"].get<std::string>()) != j["title"].get<std::string>())
      fuzz::fail("a title is not one line");
    if (j.contains("props"))
      for (const auto& p : j["props"]) {
        const std::string v = p.at("value");
        if (v.empty() || squeezed(v) != v) fuzz::fail("a prop value is empty or not one line");
      }
    for (const auto& [key, value] : j.items()) check_lines(value);
  } else if (j.is_array()) {
    for (const auto& v : j) check_lines(v);
  }
}

// Serialises as the download does and parses back; the two must be the same document.
json round_trip(const json& doc, const char* model) {
  std::string text;
  try {
    text = doc.dump(2);
  } catch (const json::type_error&) {
    fuzz::fail("the export cannot be serialised (text that is not UTF-8)");
  }
  json back = json::parse(text, nullptr, false);
  if (back.is_discarded() || back != doc) fuzz::fail("the export does not parse back the same");
  if (!back.is_object() || back.size() != 1 || !back.contains(model)) fuzz::fail("wrong model");
  static const std::regex uuid(
      "^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  if (!std::regex_match(back[model].at("uuid").get<std::string>(), uuid)) fuzz::fail("bad uuid");
  if (back[model].at("metadata").at("oscal-version") != oscal::kOscalVersion)
    fuzz::fail("wrong OSCAL version");
  check_lines(back);
  return back;
}

struct Entry {
  const Item* item = nullptr;
  bool applies = true;
  bool answered = false;
  StoredAnswer answer;
  std::string note;
  bool met = false;
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)context();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Context& ctx = context();
  FuzzedDataProvider in(data, size);

  oscal::Organisation org;
  org.id = in.ConsumeIntegralInRange<int64_t>(1, 1000000);
  org.name = typed_text(in, 200);
  org.ods_code = typed_text(in, 12);
  toolkit::store::PublicationRecord pub;
  pub.id = in.ConsumeIntegralInRange<int64_t>(1, 1000000);
  pub.org_id = org.id;
  pub.framework_id = ctx.toolkit->id;
  pub.edition = ctx.toolkit->edition;
  pub.published_at = in.ConsumeIntegralInRange<int64_t>(1577836800, 4102444800);  // 2020-2100
  pub.status = to_string(
      in.PickValueInArray({Status::not_met, Status::approaching, Status::met, Status::exceeded}));

  // The assessment, item by item. A real snapshot lists every item; here the input picks up to
  // 16 of them, in its own order, which keeps each run quick (the export costs the same per
  // item) while any item and answer type can still come up.
  std::vector<Entry> entries;
  std::map<std::string, json> plan;
  const std::vector<const Item*> all = ctx.toolkit->all_items();
  std::set<const Item*> picked;
  for (size_t n = in.ConsumeIntegralInRange<size_t>(1, 16); n > 0; --n) {
    const Item* item = all[in.ConsumeIntegralInRange<size_t>(0, all.size() - 1)];
    if (!picked.insert(item).second) continue;
    Entry e;
    e.item = item;
    e.applies = in.ConsumeBool();
    if (in.ConsumeBool()) {
      RawAnswer raw;
      raw.value = typed_value(in, *item);
      for (size_t n = in.ConsumeIntegralInRange<size_t>(0, 3); n > 0; --n)
        raw.values.push_back(typed_value(in, *item));
      raw.detail = typed_text(in, 100);
      try {
        e.answer = parse_answer(*item, raw, kToday);
        e.answered = true;
      } catch (const Error&) {
      }
    }
    if (in.ConsumeBool()) e.note = typed_text(in, 100);
    e.met = e.applies && e.answered && item_met(*item, e.answer, kToday);
    if (in.ConsumeProbability<float>() < 0.1f)
      plan[item->id] = {{"item", item->id},
                        {"action", typed_text(in, 100)},
                        {"owner", typed_text(in, 40)},
                        {"target_date", in.PickValueInArray({"", "2027-03-31", "2026-12-01"})}};
    entries.push_back(std::move(e));
  }

  // The snapshot, as toolkit::publish records it, stored as text.
  json snapshot = {
      {"framework", ctx.toolkit->id}, {"edition", ctx.toolkit->edition}, {"org", org.name},
      {"status", pub.status},         {"items", json::array()},          {"plan", json::array()}};
  for (const auto& e : entries)
    snapshot["items"].push_back(
        {{"id", e.item->id},
         {"applies", e.applies},
         {"answer", e.answered ? json::parse(e.answer.json, nullptr, false) : json()},
         {"note", e.note},
         {"met", e.met},
         {"mandatory", to_string(e.item->mandatory)}});
  for (const auto& [id, p] : plan) snapshot["plan"].push_back(p);
  try {
    pub.snapshot = snapshot.dump();
  } catch (const json::type_error&) {
    fuzz::fail("the publication snapshot cannot be stored (text that is not UTF-8)");
  }

  // The export, from the stored snapshot.
  const json stored = json::parse(pub.snapshot, nullptr, false);
  if (stored.is_discarded()) fuzz::fail("the stored snapshot does not parse");
  const oscal::Links links{"https://careguard.test/catalog.json", "https://careguard.test/caf.json",
                           "https://careguard.test/plan.json"};
  const oscal::CafProjection projection =
      oscal::project_snapshot(stored, *ctx.caf, *ctx.crosswalk, ctx.profile);
  const json results =
      round_trip(oscal::assessment_results(pub, stored, *ctx.toolkit, org, projection, links),
                 "assessment-results");
  const json plan_doc =
      round_trip(oscal::assessment_plan(pub, *ctx.toolkit, org, links), "assessment-plan");

  // The organisation is the party, in both documents.
  const json& party = results["assessment-results"]["metadata"].at("parties").at(0);
  const std::string name = squeezed(org.name);
  if (party.at("name") != (name.empty() ? "Organisation " + std::to_string(org.id) : name))
    fuzz::fail("the organisation's name did not survive");
  if (plan_doc["assessment-plan"]["assessment-subjects"][0]["include-subjects"][0]
              ["subject-uuid"] != party.at("uuid"))
    fuzz::fail("the plan's subject is not the results' party");

  // One finding per item, in order, then one per CAF outcome.
  const json& result = results["assessment-results"].at("results").at(0);
  const json& findings = result.at("findings");
  if (findings.size() != entries.size() + ctx.caf->all_outcomes().size())
    fuzz::fail("wrong number of findings");
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    const json& f = findings[i];
    if (prop(f, "label") != e.item->id) fuzz::fail("an item's id did not survive");
    if (f["target"].at("target-id") != oscal::objective_id(*ctx.toolkit, e.item->id))
      fuzz::fail("a finding targets the wrong objective");
    if ((f["target"]["status"].at("state") == "satisfied") != e.met)
      fuzz::fail("a finding's state is not whether the item is met");
    const std::string description = f.at("description");
    if (e.applies && e.answered) {
      const std::string shown = e.item->answer.type == AnswerType::evidence
                                    ? "Evidence recorded"
                                    : display_answer(*e.item, answer_from_json(e.answer.json, 0));
      if (description.find("Answer: " + shown) != 0) fuzz::fail("an answer did not survive");
    }
    const std::string remarks = f.value("remarks", "");
    if (!squeezed(e.note).empty() && remarks.rfind(e.note, 0) != 0)
      fuzz::fail("a note did not survive");
    if (auto p = plan.find(e.item->id);
        p != plan.end() &&
        remarks.find("Plan: " + p->second["action"].get<std::string>()) == std::string::npos)
      fuzz::fail("a plan entry did not survive");
  }
  return 0;
}
