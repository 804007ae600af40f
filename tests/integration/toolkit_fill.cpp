#include "toolkit_fill.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "core/clock.h"
#include "toolkit/answers/answer_input.h"
#include "toolkit/scoring/london_time.h"

namespace cg::test {

using nlohmann::json;

json meeting_answer(const toolkit::Item& item, const std::string& today, bool* needs_evidence) {
  using toolkit::AnswerType;
  using Kind = toolkit::Condition::Kind;
  *needs_evidence = false;
  std::string word;
  std::optional<double> number;
  std::string op;
  std::vector<std::string> includes;
  for (const auto& c : item.met_when->groups().front()) {
    if (c.kind == Kind::has_evidence) *needs_evidence = true;
    if (c.kind == Kind::compare && c.op == "==") word = c.word;
    if (c.kind == Kind::compare && c.number) {
      number = c.number;
      op = c.op;
    }
    if (c.kind == Kind::includes) includes.push_back(c.word);
  }
  json a = json::object();
  switch (item.answer.type) {
    case AnswerType::yes_no:
      a["value"] = word.empty() ? "yes" : word;
      break;
    case AnswerType::yes_no_detail:
      a["value"] = word.empty() ? "yes" : word;
      a["detail"] = "Details of what we do";
      break;
    case AnswerType::number: {
      double n = number.value_or(item.answer.max.value_or(1));
      if (op == ">") n += 1;
      if (op == "<") n -= 1;
      a["value"] = static_cast<long long>(n);
      break;
    }
    case AnswerType::date:
      a["value"] = today;
      break;
    case AnswerType::single_choice:
      a["value"] = word.empty() ? item.answer.choices.front().id : word;
      break;
    case AnswerType::multi_choice:
      a["values"] =
          includes.empty() ? json::array({item.answer.choices.front().id}) : json(includes);
      break;
    case AnswerType::confirm:
      a["value"] = "confirmed";
      break;
    case AnswerType::text:
      a["value"] =
          item.answer.format == "ico_number" ? "ZA123456" : "We keep this in the office file";
      break;
    case AnswerType::evidence:
      *needs_evidence = true;
      break;
  }
  return a;
}

std::string fill_assessment_to_met(Client& api, const toolkit::Library& library,
                                   const std::string& token, int64_t org_id, int64_t staff) {
  const Headers headers = {{"Authorization", "Bearer " + token},
                           {"Content-Type", "application/json"},
                           {"Accept", "application/json"}};
  auto started =
      api.request("POST", "/api/v1/orgs/" + std::to_string(org_id) + "/assessments", "{}", headers);
  EXPECT_EQ(started.status, 201) << started.body;
  const json assessment = json::parse(started.body, nullptr, false);
  const std::string base = started.header("location");
  if (started.status != 201 || !assessment.is_object() || base.empty()) return "";
  const toolkit::Framework* framework =
      library.find(assessment.value("framework", ""), assessment.value("edition", ""));
  EXPECT_NE(framework, nullptr) << started.body;
  if (!framework) return "";

  const std::string today = toolkit::london_date(clock::now());
  for (const toolkit::Item* item : framework->all_items()) {
    if (!toolkit::item_applies(*item, "care_home", staff)) continue;
    bool needs_evidence = false;
    const json answer = meeting_answer(*item, today, &needs_evidence);
    if (needs_evidence) {
      const json evidence = {{"item", item->id},
                             {"title", "Record for " + item->id},
                             {"url", "https://files.example.org/" + item->id}};
      auto e = api.request("POST", base + "/evidence", evidence.dump(), headers);
      EXPECT_EQ(e.status, 201) << item->id << ": " << e.body;
      if (e.status != 201) return "";
    }
    if (item->answer.type == toolkit::AnswerType::evidence) continue;
    auto r = api.request("PUT", base + "/answers/" + item->id, answer.dump(), headers);
    EXPECT_EQ(r.status, 200) << item->id << " " << answer.dump() << ": " << r.body;
    if (r.status != 200) return "";
  }
  const json done = json::parse(api.request("GET", base, "", headers).body, nullptr, false);
  const bool can_publish = done.is_object() && done["would_publish"].value("can_publish", false) &&
                           done["would_publish"].value("status", "") == "met";
  EXPECT_TRUE(can_publish) << (done.is_object() ? done["would_publish"].dump() : "no assessment");
  return can_publish ? base : "";
}

}  // namespace cg::test
