#include "identity/org_rules.h"

#include <gtest/gtest.h>

namespace {

using namespace cg::identity;

TEST(OdsCode, Formats) {
  const std::pair<const char*, bool> cases[] = {
      {"A1B2C", true},        {"V12345", true}, {"RXX", true},    {"X26", true}, {"AB", false},
      {"A1B2C3D4E5F", false}, {"a1b2c", false}, {"A1-B2", false}, {"", false},   {"A1B 2", false},
  };
  for (const auto& [code, ok] : cases) EXPECT_EQ(ods_code_problem(code).empty(), ok) << code;
  EXPECT_EQ(normalise_ods_code("  v12345 "), "V12345");
}

TEST(CqcId, Formats) {
  const std::pair<const char*, bool> cases[] = {
      {"1-123456789", true},     {"1-12345678901", true}, {"1-12345678", false},
      {"1-123456789012", false}, {"2-123456789", false},  {"1123456789", false},
      {"1-12345678a", false},
  };
  for (const auto& [id, ok] : cases) EXPECT_EQ(cqc_id_problem(id).empty(), ok) << id;
}

TEST(OrgTree, WhereEachTypeMaySit) {
  struct Case {
    OrgType child, parent;
    bool ok;
  };
  const Case cases[] = {
      {OrgType::region, OrgType::national, true},
      {OrgType::region, OrgType::ics, false},
      {OrgType::ics, OrgType::region, true},
      {OrgType::ics, OrgType::national, false},
      {OrgType::care_home, OrgType::ics, true},
      {OrgType::care_home, OrgType::care_home, true},
      {OrgType::home_care, OrgType::care_home, true},
      {OrgType::care_home, OrgType::region, false},
      {OrgType::care_home, OrgType::supplier, false},
      {OrgType::support_org, OrgType::region, true},
      {OrgType::support_org, OrgType::ics, false},
      {OrgType::supplier, OrgType::national, true},
      {OrgType::national, OrgType::national, false},
      {OrgType::gp_practice, OrgType::ics, true},
  };
  for (const auto& c : cases)
    EXPECT_EQ(may_be_child_of(c.child, c.parent), c.ok)
        << to_string(c.child) << " under " << to_string(c.parent);
  EXPECT_TRUE(may_be_top_level(OrgType::national));
  EXPECT_FALSE(may_be_top_level(OrgType::care_home));
}

TEST(OrgInputValidation, NamesTheFieldOfEachProblem) {
  struct Case {
    OrgInput in;
    std::vector<std::string> fields;
  };
  const Case cases[] = {
      {{"Sunnyside", "care_home", "a1b2c", "1-123456789", "12", "30"}, {}},
      {{"", "care_home", "", "", "", ""}, {"name"}},
      {{"Sunnyside", "castle", "", "", "", ""}, {"type"}},
      {{"Sunnyside", "care_home", "A1-B", "", "", ""}, {"ods_code"}},
      {{"Sunnyside", "care_home", "", "123", "", ""}, {"cqc_location_id"}},
      {{"Sunnyside", "care_home", "", "", "ten", "-1"}, {"staff_count", "people_supported"}},
      {{std::string(201, 'x'), "care_home", "", "", "", ""}, {"name"}},
  };
  for (const auto& c : cases) {
    Organisation out;
    cg::Validation v;
    validate_org_input(c.in, out, v);
    std::vector<std::string> got;
    for (const auto& e : v.errors()) got.push_back(e.field);
    EXPECT_EQ(got, c.fields) << c.in.name.substr(0, 20) << "/" << c.in.type;
  }
  Organisation out;
  cg::Validation v;
  validate_org_input({"  Sunnyside  ", "care_home", " a1b2c ", "", " 12 ", ""}, out, v);
  EXPECT_EQ(out.name, "Sunnyside");
  EXPECT_EQ(out.ods_code, "A1B2C");
  EXPECT_EQ(out.staff_count, 12);
  EXPECT_EQ(out.people_supported, 0);
}

}  // namespace
