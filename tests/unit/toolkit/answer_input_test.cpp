#include "toolkit/answers/answer_input.h"

#include <gtest/gtest.h>

namespace {

using namespace cg::toolkit;

Item item_of(AnswerSpec spec, const std::string& rule = "answer is not empty") {
  Item it;
  it.id = "x";
  it.answer = std::move(spec);
  it.met_when = Rule::parse(rule);
  return it;
}

TEST(AnswerInput, AcceptsAndRefusesByType) {
  AnswerSpec yes_no{AnswerType::yes_no};
  AnswerSpec detail{AnswerType::yes_no_detail};
  detail.detail_when = "no";
  detail.detail_label = "which systems are unsupported";
  AnswerSpec ico{AnswerType::text};
  ico.format = "ico_number";
  AnswerSpec pct{AnswerType::number};
  pct.min = 0;
  pct.max = 100;
  pct.unit = "%";
  AnswerSpec past{AnswerType::date};
  past.past_only = true;
  AnswerSpec one{AnswerType::single_choice};
  one.choices = {{"monthly", "Every month"}, {"yearly", "Every year"}};
  AnswerSpec many{AnswerType::multi_choice};
  many.choices = {{"encryption", "Encryption"}, {"backups", "Backups"}};
  AnswerSpec confirm{AnswerType::confirm};
  confirm.statement = "I confirm";
  const std::string today = "2026-11-22";
  struct Case {
    const char* name;
    AnswerSpec spec;
    RawAnswer raw;
    const char* error_field;  // nullptr = accepted
    const char* display;
  };
  const Case cases[] = {
      {"yes", yes_no, {"yes"}, nullptr, "Yes"},
      {"maybe", yes_no, {"maybe"}, "answer", ""},
      {"no with detail",
       detail,
       {"no", {}, "Windows 7 on the office PC"},
       nullptr,
       "No: Windows 7 on the office PC"},
      {"no without detail", detail, {"no", {}, " "}, "detail", ""},
      {"yes needs no detail", detail, {"yes"}, nullptr, "Yes"},
      {"ico number", ico, {" za123456 "}, nullptr, "ZA123456"},
      {"bad ico number", ico, {"12345"}, "answer", ""},
      {"empty text", ico, {""}, "answer", ""},
      {"percent", pct, {"96%"}, nullptr, "96%"},
      {"decimal percent", pct, {"95.5"}, nullptr, "95.5%"},
      {"percent over 100", pct, {"101"}, "answer", ""},
      {"not a number", pct, {"most"}, "answer", ""},
      {"past date", past, {"2026-03-27"}, nullptr, "27 March 2026"},
      {"future date", past, {"2026-11-23"}, "answer", ""},
      {"not a date", past, {"27/03/2026"}, "answer", ""},
      {"a choice", one, {"yearly"}, nullptr, "Every year"},
      {"unknown choice", one, {"daily"}, "answer", ""},
      {"ticked boxes", many, {"", {"backups", "encryption"}}, nullptr, "Encryption, Backups"},
      {"nothing ticked", many, {"", {}}, "answer", ""},
      {"unknown box", many, {"", {"backups", "firewall"}}, "answer", ""},
      {"confirmed", confirm, {"confirmed"}, nullptr, "Confirmed"},
      {"not confirmed", confirm, {""}, "answer", ""},
  };
  for (const auto& c : cases) {
    Item it = item_of(c.spec);
    try {
      StoredAnswer s = parse_answer(it, c.raw, today);
      EXPECT_EQ(c.error_field, nullptr) << c.name << " was accepted";
      // What is stored reads back the same.
      StoredAnswer back = answer_from_json(s.json, 0);
      EXPECT_EQ(display_answer(it, back), c.display) << c.name;
    } catch (const cg::Error& e) {
      ASSERT_NE(c.error_field, nullptr) << c.name << " was refused: " << e.what();
      ASSERT_FALSE(e.fields().empty());
      EXPECT_EQ(e.fields()[0].field, c.error_field) << c.name;
    }
  }
}

TEST(AnswerInput, MetAndApplies) {
  AnswerSpec pct{AnswerType::number};
  pct.min = 0;
  pct.max = 100;
  Item it = item_of(pct, "answer >= 95");
  EXPECT_TRUE(item_met(it, parse_answer(it, {"95"}, "2026-11-22"), "2026-11-22"));
  EXPECT_FALSE(item_met(it, parse_answer(it, {"94"}, "2026-11-22"), "2026-11-22"));
  EXPECT_FALSE(item_met(it, StoredAnswer{}, "2026-11-22"));
  it.applies_to = {"care_home"};
  it.min_staff = 50;
  EXPECT_TRUE(item_applies(it, "care_home", 50));
  EXPECT_FALSE(item_applies(it, "care_home", 49));
  EXPECT_FALSE(item_applies(it, "home_care", 80));
}

}  // namespace

// Stored answers are read from the parser's events; these are the cases where that could
// differ from reading the top-level fields of a parsed document.
TEST(AnswerInput, StoredAnswersReadOnlyTheirTopLevelFields) {
  struct Case {
    const char* name;
    const char* json;
    bool present;
    const char* text;
    std::optional<double> number;
    std::vector<std::string> choices;
    const char* detail;
  };
  const std::vector<Case> cases = {
      {"plain value", R"({"value":"yes"})", true, "yes", std::nullopt, {}, ""},
      {"value and detail",
       R"({"detail":"In the folder","value":"yes"})",
       true,
       "yes",
       std::nullopt,
       {},
       "In the folder"},
      {"whole number", R"({"number":96})", true, "", 96.0, {}, ""},
      {"negative number", R"({"number":-3})", true, "", -3.0, {}, ""},
      {"decimal number", R"({"number":95.5})", true, "", 95.5, {}, ""},
      {"choices",
       R"({"values":["backups","encryption"]})",
       true,
       "",
       std::nullopt,
       {"backups", "encryption"},
       ""},
      {"choices that are not text are skipped",
       R"({"values":["a",1,["b"],{"c":"d"},"e"]})",
       true,
       "",
       std::nullopt,
       {"a", "e"},
       ""},
      {"wrong types are ignored",
       R"({"value":5,"number":"5","values":"x","detail":["y"]})",
       true,
       "",
       std::nullopt,
       {},
       ""},
      {"the last of a repeated field counts",
       R"({"value":"a","value":"b"})",
       true,
       "b",
       std::nullopt,
       {},
       ""},
      {"a repeated field of the wrong type clears it",
       R"({"value":"a","value":null})",
       true,
       "",
       std::nullopt,
       {},
       ""},
      {"nested fields with the same names are not read",
       R"({"other":{"value":"x","number":1,"values":["y"],"detail":"z"}})",
       true,
       "",
       std::nullopt,
       {},
       ""},
      {"unknown fields are ignored",
       R"({"extra":[1,2,{"a":null}],"value":"no"})",
       true,
       "no",
       std::nullopt,
       {},
       ""},
      {"empty object", "{}", true, "", std::nullopt, {}, ""},
      {"not an object", R"(["value","yes"])", false, "", std::nullopt, {}, ""},
      {"a bare string", R"("yes")", false, "", std::nullopt, {}, ""},
      {"nothing", "", false, "", std::nullopt, {}, ""},
      {"broken after a good field", R"({"value":"yes",)", false, "", std::nullopt, {}, ""},
      {"text after the object", R"({"value":"yes"} x)", false, "", std::nullopt, {}, ""},
      {"not UTF-8", "{\"value\":\"\xff\"}", false, "", std::nullopt, {}, ""},
  };
  for (const auto& c : cases) {
    StoredAnswer s = answer_from_json(c.json, 3);
    EXPECT_EQ(s.value.present, c.present) << c.name;
    EXPECT_EQ(s.value.text, c.text) << c.name;
    EXPECT_EQ(s.value.number, c.number) << c.name;
    EXPECT_EQ(s.value.choices, c.choices) << c.name;
    EXPECT_EQ(s.detail, c.detail) << c.name;
    EXPECT_EQ(s.value.evidence_count, 3) << c.name;
    EXPECT_EQ(s.json, c.json) << c.name;
  }
}
