// Framework files: good ones load; broken ones are refused with the file, line and a plain
// message naming what is wrong.
#include "toolkit/content/loader.h"

#include <gtest/gtest.h>

namespace {

using namespace cg::toolkit;

const char* kGood = R"(framework:
  id: mini-toolkit
  edition: "2026-27"
  title: Mini toolkit
  kind: toolkit
  publication_deadline: 2027-06-30
groups:
  - id: "1"
    title: Personal confidential data
    items:
      - id: "1.1"
        title: ICO registration
        question: Are you registered with the ICO?
        guidance: Look it up on the register.
        why: The law says so.
        evidence: [Your registration number]
        answer: {type: text, format: ico_number}
        met_when: answer is not empty
        mandatory: approaching
        applies_to: all
      - id: "1.2"
        title: Staff trained
        question: What share of staff finished training in the last 12 months?
        guidance: Count everyone.
        why: People are the first defence.
        answer: {type: number, min: 0, max: 100, unit: "%"}
        met_when: answer >= 95
        mandatory: met
        applies_to: [care_home, home_care]
        register: staff_training
)";

std::vector<ContentProblem> problems_of(const std::string& text) {
  std::vector<ContentProblem> problems;
  read_framework_text(text, "test.yaml", problems);
  return problems;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(ContentLoader, GoodFileLoads) {
  std::vector<ContentProblem> problems;
  Framework f = read_framework_text(kGood, "test.yaml", problems);
  ASSERT_TRUE(problems.empty()) << problems[0].to_string();
  EXPECT_EQ(f.id, "mini-toolkit");
  ASSERT_EQ(f.all_items().size(), 2u);
  const Item* trained = f.find_item("1.2");
  ASSERT_NE(trained, nullptr);
  EXPECT_EQ(trained->mandatory, Mandatory::met);
  EXPECT_EQ(trained->answer.type, AnswerType::number);
  EXPECT_EQ(trained->register_name, "staff_training");
  AnswerValue a;
  a.present = true;
  a.number = 96;
  EXPECT_TRUE(trained->met_when->evaluate(a, "2026-11-22"));
}

TEST(ContentLoader, BrokenFilesNameTheLineAndTheProblem) {
  struct Case {
    const char* name;
    std::string text;
    int line;
    const char* message;
  };
  const Case cases[] = {
      {"unknown key",
       replace(kGood, "        why: The law says so.\n",
               "        why: The law says so.\n        colour: red\n"),
       16, "unknown key 'colour' in item"},
      {"duplicate id", replace(kGood, "id: \"1.2\"", "id: \"1.1\""), 21, "duplicate id '1.1'"},
      {"bad rule", replace(kGood, "met_when: answer >= 95", "met_when: answer >== 95"), 27,
       "unknown comparison"},
      {"rule beyond range", replace(kGood, "met_when: answer >= 95", "met_when: answer >= 150"), 27,
       "outside the answer's range"},
      {"rule wrong type",
       replace(kGood, "met_when: answer is not empty", "met_when: answer within 12 months"), 18,
       "only works with date answers"},
      {"unknown answer type", replace(kGood, "type: text, format", "type: essay, format"), 17,
       "unknown answer type 'essay'"},
      {"bad mandatory", replace(kGood, "mandatory: met", "mandatory: sometimes"), 28,
       "approaching, met or none"},
      {"unknown org type", replace(kGood, "[care_home, home_care]", "[care_home, castle]"), 29,
       "unknown organisation type 'castle'"},
      {"missing question",
       replace(kGood, "        question: Are you registered with the ICO?\n", ""), 11,
       "missing 'question'"},
      {"not yaml", replace(kGood, "title: Mini toolkit", "title: [Mini toolkit"), 0,
       "not valid YAML"},
      {"bad deadline", replace(kGood, "2027-06-30", "30/06/2027"), 6,
       "publication_deadline must be a date"},
      {"number without range", replace(kGood, "min: 0, max: 100, ", ""), 26, "needs min and max"},
      {"unknown register", replace(kGood, "register: staff_training", "register: rota"), 30,
       "unknown register 'rota'"},
      // These made yaml-cpp throw past the loader, with no file or line (found by
      // fuzz_framework_yaml), or converted a huge number to an integer.
      {"answer without a type", replace(kGood, "{type: text, format", "{format"), 17,
       "unknown answer type ''"},
      {"group without items",
       replace(kGood, "    items:\n      - id: \"1.1\"", "    things:\n      - id: \"1.1\""), 8,
       "items should be a list"},
      {"key that is a list",
       replace(kGood, "        why: The law says so.\n",
               "        why: The law says so.\n        [a, b]: c\n"),
       16, "should be a word"},
      {"huge max_length",
       replace(kGood, "format: ico_number}", "format: ico_number, max_length: 1e300}"), 17,
       "whole number from 1 to 100000"},
      {"min_staff not a number", replace(kGood, "register: staff_training", "min_staff: .nan"), 30,
       "'min_staff' should be a number"},
  };
  for (const auto& c : cases) {
    auto problems = problems_of(c.text);
    ASSERT_FALSE(problems.empty()) << c.name;
    bool found = false;
    for (const auto& p : problems)
      if (p.message.find(c.message) != std::string::npos) {
        found = true;
        EXPECT_EQ(p.file, "test.yaml");
        if (c.line)
          EXPECT_EQ(p.line, c.line) << c.name << ": " << p.to_string();
        else
          EXPECT_GT(p.line, 0) << c.name;
      }
    EXPECT_TRUE(found) << c.name << ": got " << problems[0].to_string();
  }
}

// yaml-cpp lets bytes that are not UTF-8 through; the OSCAL catalog of such a framework could
// not be written (found by fuzz_framework_yaml), so the loader refuses the file at that byte.
TEST(ContentLoader, RefusesTextThatIsNotUtf8AtItsPosition) {
  for (const std::string& bad :
       {std::string("\xe5"), std::string("\xc0\x80"), std::string(1, '\0')}) {
    auto problems = problems_of(
        replace(kGood, "guidance: Look it up on the register.", "guidance: Look it up" + bad));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].line, 14);
    EXPECT_EQ(problems[0].column, 29);
    EXPECT_NE(problems[0].message.find("not UTF-8"), std::string::npos) << problems[0].message;
  }
  // A byte order mark and characters beyond ASCII are fine.
  std::vector<ContentProblem> problems;
  Framework f = read_framework_text(
      "\xef\xbb\xbf" + replace(kGood, "Mini toolkit", "Mini toolkit \xe2\x80\x94 Caerdydd"),
      "test.yaml", problems);
  EXPECT_TRUE(problems.empty()) << problems[0].to_string();
  EXPECT_EQ(f.title, "Mini toolkit \xe2\x80\x94 Caerdydd");
}

TEST(ContentLibrary, RefusesAFolderWithABrokenFile) {
  try {
    Library::load("/nonexistent-folder");
    FAIL();
  } catch (const ContentError& e) {
    EXPECT_NE(std::string(e.what()).find("no framework files"), std::string::npos);
  }
}

}  // namespace
