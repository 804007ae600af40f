#include "toolkit/export/oscal.h"

#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <set>

#include "core/error.h"
#include "toolkit/content/loader.h"

namespace {

using namespace cg::toolkit;
using nlohmann::json;

const Library& library() {
  static const Library lib =
      Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks");
  return lib;
}

const Framework& toolkit() { return *library().find("care-toolkit", "2026-27"); }
const Framework& caf() { return *library().find("ncsc-caf", "4.0"); }
const Framework& crosswalk() { return *library().find("care-toolkit-to-caf", "2026-27"); }

// OSCAL's UUID pattern (version 4 or 5, RFC 4122 variant).
const std::regex kUuid(
    "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$");

// Every object with an "id" under a catalog (groups, controls, parts, params), in order.
void walk(const json& j, const std::function<void(const json&)>& visit) {
  if (j.is_object()) {
    visit(j);
    for (const auto& [key, value] : j.items()) walk(value, visit);
  } else if (j.is_array()) {
    for (const auto& v : j) walk(v, visit);
  }
}

std::vector<const json*> controls_of(const json& catalog) {
  std::vector<const json*> out;
  std::function<void(const json&)> in_groups = [&](const json& node) {
    if (node.contains("controls"))
      for (const auto& c : node["controls"]) out.push_back(&c);
    if (node.contains("groups"))
      for (const auto& g : node["groups"]) in_groups(g);
  };
  in_groups(catalog.at("catalog"));
  return out;
}

std::string prop(const json& node, const std::string& name) {
  if (!node.contains("props")) return "";
  for (const auto& p : node["props"])
    if (p.at("name") == name) return p.at("value");
  return "";
}

store::PublicationRecord publication() {
  store::PublicationRecord p;
  p.id = 12;
  p.assessment_id = 3;
  p.org_id = 7;
  p.framework_id = "care-toolkit";
  p.edition = "2026-27";
  p.edition_deadline = "2027-06-30";
  p.status = "not_met";
  p.published_at = 1795000000;
  return p;
}

// A snapshot where the items in `met` are met and everything else is answered but not met.
json snapshot_with(const std::set<std::string>& met) {
  json s = {{"framework", "care-toolkit"}, {"edition", "2026-27"}, {"status", "not_met"}};
  s["items"] = json::array();
  for (const Item* item : toolkit().all_items())
    s["items"].push_back({{"id", item->id},
                          {"applies", true},
                          {"answer", json()},
                          {"note", ""},
                          {"met", met.count(item->id) > 0},
                          {"mandatory", to_string(item->mandatory)}});
  s["plan"] = json::array({{{"item", "1.2"},
                            {"action", "Write it"},
                            {"owner", "Grace"},
                            {"target_date", "2027-01-31"}}});
  return s;
}

const oscal::Organisation kOrg{7, "Sunnyside Care", "AB1C2"};
const oscal::Links kLinks{
    "https://careguard.test/frameworks/care-toolkit/2026-27/oscal/catalog.json",
    "https://careguard.test/frameworks/ncsc-caf/4.0/oscal/catalog.json",
    "https://careguard.test/plan.json"};

TEST(OscalUuid, NameBasedVersion5AndStable) {
  const std::string a = oscal::uuid_for("catalog/care-toolkit/2026-27");
  EXPECT_TRUE(std::regex_match(a, kUuid)) << a;
  EXPECT_EQ(a[14], '5');                                          // version
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);  // RFC 4122 variant
  EXPECT_EQ(a, oscal::uuid_for("catalog/care-toolkit/2026-27"));
  EXPECT_NE(a, oscal::uuid_for("catalog/care-toolkit/2025-26"));
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::string u = oscal::uuid_for("name/" + std::to_string(i));
    ASSERT_TRUE(std::regex_match(u, kUuid)) << u;
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(OscalCatalog, EveryToolkitItemIsAControl) {
  const json c = oscal::catalog(toolkit(), 1795000000);
  const json& cat = c.at("catalog");
  EXPECT_TRUE(std::regex_match(cat.at("uuid").get<std::string>(), kUuid));
  EXPECT_EQ(cat.at("metadata").at("oscal-version"), "1.1.3");
  EXPECT_EQ(cat.at("metadata").at("version"), "2026-27");
  EXPECT_EQ(cat.at("metadata").at("last-modified"), "2026-11-18T11:06:40Z");
  EXPECT_EQ(cat.at("groups").size(), toolkit().groups.size());

  auto controls = controls_of(c);
  ASSERT_EQ(controls.size(), toolkit().all_items().size());
  std::map<std::string, const json*> by_id;
  for (const json* control : controls) by_id[control->at("id")] = control;
  for (const Item* item : toolkit().all_items()) {
    auto it = by_id.find("item-" + item->id);
    ASSERT_NE(it, by_id.end()) << item->id;
    const json& control = *it->second;
    EXPECT_EQ(control.at("title"), item->title);
    EXPECT_EQ(prop(control, "label"), item->id);
    EXPECT_EQ(prop(control, "mandatory"), to_string(item->mandatory));
    EXPECT_EQ(prop(control, "answer-type"), to_string(item->answer.type));
    std::set<std::string> part_names;
    bool objective = false;
    for (const auto& p : control.at("parts")) {
      part_names.insert(p.at("name").get<std::string>());
      if (p.at("id") == oscal::objective_id(toolkit(), item->id)) objective = true;
      if (p.at("name") == "statement") {
        EXPECT_NE(p.at("prose").get<std::string>(), "");
      }
    }
    EXPECT_TRUE(part_names.count("statement")) << item->id;
    EXPECT_TRUE(part_names.count("guidance")) << item->id;
    EXPECT_TRUE(objective) << item->id << " has no objective for findings to target";
  }
}

TEST(OscalCatalog, IdsAreUniqueTokensAndOutputIsDeterministic) {
  for (const Framework* f : library().all()) {
    if (f->kind == FrameworkKind::crosswalk) continue;
    const json c = oscal::catalog(*f, 1795000000);
    EXPECT_EQ(c.dump(), oscal::catalog(*f, 1795000000).dump()) << f->id;
    std::set<std::string> ids;
    const std::regex token("^[A-Za-z_][A-Za-z0-9._-]*$");
    walk(c, [&](const json& node) {
      if (!node.contains("id") || !node["id"].is_string()) return;
      const std::string id = node["id"];
      EXPECT_TRUE(std::regex_match(id, token)) << f->id << ": " << id;
      EXPECT_TRUE(ids.insert(id).second) << f->id << ": " << id << " twice";
    });
    // Prop values are one line with no white space at either end.
    walk(c, [&](const json& node) {
      if (!node.contains("props")) return;
      for (const auto& p : node["props"]) {
        const std::string v = p.at("value");
        EXPECT_FALSE(v.empty());
        EXPECT_EQ(v.find('\n'), std::string::npos) << v;
        EXPECT_NE(v.front(), ' ');
        EXPECT_NE(v.back(), ' ');
      }
    });
  }
}

TEST(OscalCatalog, CafOutcomesAreControlsWithExpectedLevels) {
  const json c = oscal::catalog(caf(), 1795000000);
  auto controls = controls_of(c);
  ASSERT_EQ(controls.size(), caf().all_outcomes().size());
  EXPECT_EQ(c.at("catalog").at("groups").size(), caf().objectives.size());
  const json& first = *controls.front();
  EXPECT_EQ(first.at("id"), "A1.a");
  bool baseline = false;
  for (const auto& p : first.at("props"))
    if (p.at("name") == "expected-level" && p.value("class", "") == "health-care-baseline") {
      baseline = true;
      EXPECT_EQ(p.at("value"), "partially-achieved");
    }
  EXPECT_TRUE(baseline);
}

TEST(OscalCatalog, CrosswalkHasNoCatalog) {
  try {
    oscal::catalog(crosswalk(), 0);
    FAIL() << "a crosswalk was exported";
  } catch (const cg::Error& e) {
    EXPECT_EQ(e.code(), cg::ErrorCode::not_found);
  }
}

TEST(OscalResults, FindingStatusFollowsMet) {
  const std::set<std::string> met = {"1.1", "2.1", "10.1", "10.2"};
  const json snap = snapshot_with(met);
  auto projection = oscal::project_snapshot(snap, caf(), crosswalk(), &caf().profiles.front());
  const json ar =
      oscal::assessment_results(publication(), snap, toolkit(), kOrg, projection, kLinks);
  const json& doc = ar.at("assessment-results");
  EXPECT_TRUE(std::regex_match(doc.at("uuid").get<std::string>(), kUuid));
  EXPECT_EQ(doc.at("import-ap").at("href"), kLinks.assessment_plan);
  EXPECT_EQ(doc.at("metadata").at("parties").at(0).at("name"), "Sunnyside Care");
  ASSERT_EQ(doc.at("results").size(), 1u);
  const json& result = doc.at("results").at(0);
  EXPECT_EQ(prop(result, "toolkit-status"), "not-met");
  const json& findings = result.at("findings");
  ASSERT_EQ(findings.size(), toolkit().all_items().size() + caf().all_outcomes().size());

  std::set<std::string> uuids;
  size_t item_findings = 0;
  for (const auto& f : findings) {
    EXPECT_TRUE(uuids.insert(f.at("uuid").get<std::string>()).second);
    const json& target = f.at("target");
    EXPECT_EQ(target.at("type"), "objective-id");
    const std::string state = target.at("status").at("state");
    const std::string label = prop(f, "label");
    if (prop(f, "framework") == "care-toolkit@2026-27") {
      ++item_findings;
      EXPECT_EQ(target.at("target-id"), "item-" + label + "_obj");
      EXPECT_EQ(state, met.count(label) ? "satisfied" : "not-satisfied") << label;
      if (label == "1.2") {
        EXPECT_NE(f.value("remarks", "").find("Write it"), std::string::npos);
      }
    } else {
      EXPECT_EQ(prop(f, "framework"), "ncsc-caf@4.0");
      EXPECT_EQ(target.at("target-id"), label + "_obj");
      const std::string level = prop(f, "caf-level");
      EXPECT_TRUE(level == "not-achieved" || level == "partially-achieved" || level == "achieved")
          << label << ": " << level;
    }
  }
  EXPECT_EQ(item_findings, toolkit().all_items().size());

  // The met supplier items support A4.a partially, which the baseline profile expects.
  for (const auto& f : findings)
    if (prop(f, "label") == "A4.a") {
      EXPECT_EQ(prop(f, "caf-level"), "partially-achieved");
      EXPECT_EQ(prop(f, "caf-coverage"), "covered");
      EXPECT_EQ(prop(f, "expected-level"), "partially-achieved");
      EXPECT_EQ(f.at("target").at("status").at("state"), "satisfied");
    }
}

TEST(OscalResults, SameInputSameDocument) {
  const json snap = snapshot_with({"1.1"});
  auto projection = oscal::project_snapshot(snap, caf(), crosswalk(), nullptr);
  const json a =
      oscal::assessment_results(publication(), snap, toolkit(), kOrg, projection, kLinks);
  const json b =
      oscal::assessment_results(publication(), snap, toolkit(), kOrg, projection, kLinks);
  EXPECT_EQ(a.dump(), b.dump());
  auto later = publication();
  later.id = 13;
  const json c = oscal::assessment_results(later, snap, toolkit(), kOrg, projection, kLinks);
  EXPECT_NE(a.at("assessment-results").at("uuid"), c.at("assessment-results").at("uuid"));
  // Without CAF, only the toolkit's findings.
  const json d = oscal::assessment_results(publication(), snap, toolkit(), kOrg, {}, kLinks);
  EXPECT_EQ(d.at("assessment-results").at("results").at(0).at("findings").size(),
            toolkit().all_items().size());
}

TEST(OscalPlan, ImportsNoSspAndLinksTheCatalog) {
  const json ap = oscal::assessment_plan(publication(), toolkit(), kOrg, kLinks);
  const json& doc = ap.at("assessment-plan");
  EXPECT_TRUE(std::regex_match(doc.at("uuid").get<std::string>(), kUuid));
  const std::string href = doc.at("import-ssp").at("href");
  ASSERT_EQ(href.front(), '#');
  bool resolves = false, catalog = false;
  for (const auto& r : doc.at("back-matter").at("resources")) {
    if (r.at("uuid") == href.substr(1)) resolves = true;
    if (r.contains("rlinks") && r["rlinks"][0]["href"] == kLinks.toolkit_catalog) catalog = true;
  }
  EXPECT_TRUE(resolves);
  EXPECT_TRUE(catalog);
  const json& party = doc.at("metadata").at("parties").at(0);
  EXPECT_EQ(doc.at("assessment-subjects").at(0).at("include-subjects").at(0).at("subject-uuid"),
            party.at("uuid"));
  EXPECT_EQ(party.at("external-ids").at(0).at("id"), "AB1C2");
}

}  // namespace
