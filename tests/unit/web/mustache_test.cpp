#include "web/mustache.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace {

using cg::web::MustacheTemplate;
using nlohmann::json;

std::string render(const std::string& text, const json& context) {
  std::string out;
  MustacheTemplate::compile(text, "test").render(context, out);
  return out;
}

TEST(Mustache, RendersTheFeaturesOurTemplatesUse) {
  const json ctx = {{"name", "O'Brien <script>"},
                    {"html", "<b>bold</b>"},
                    {"count", 3},
                    {"yes", true},
                    {"no", false},
                    {"none", nullptr},
                    {"empty_text", ""},
                    {"items", json::array({{{"id", 1}}, {{"id", 2}}})},
                    {"empty", json::array()},
                    {"words", json::array({"a", "b"})},
                    {"person", {{"first", "Grace"}}},
                    {"outer", "from outside"}};
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"Hello {{name}}", "Hello O&#39;Brien &lt;script&gt;"},
      {"{{{html}}} {{&html}}", "<b>bold</b> <b>bold</b>"},
      {"{{count}}", "3"},
      {"{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}not{{/no}}", "Ynot"},
      {"{{#none}}x{{/none}}{{^none}}nothing{{/none}}", "nothing"},
      {"{{#empty_text}}set{{/empty_text}}", "set"},  // as kainjow: "" counts as set
      {"{{#items}}[{{id}}]{{/items}}", "[1][2]"},
      {"{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}", "none"},
      {"{{#words}}{{.}};{{/words}}", "a;b;"},
      {"{{person.first}} {{#person}}{{first}}{{/person}}", "Grace Grace"},
      {"{{#items}}{{outer}}{{/items}}", "from outsidefrom outside"},  // looked up outwards
      {"{{missing}}|{{person.missing}}|{{missing.deep}}", "||"},
      {"a{{! a comment }}b", "ab"},
  };
  for (const auto& c : cases) EXPECT_EQ(render(c.text, ctx), c.expected) << c.text;
}

TEST(Mustache, SyntaxErrorsNameTheLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"{{#a}}\n{{/b}}", "line 2"},  {"{{#a}} never closed", "not closed"},
      {"\n\n{{name", "line 3"},      {"{{> partial}}", "not inlined"},
      {"{{=<% %>=}}", "delimiters"},
  };
  for (const auto& [text, message] : cases) {
    try {
      MustacheTemplate::compile(text, "broken");
      ADD_FAILURE() << text;
    } catch (const cg::Error& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  }
}

}  // namespace
