#pragma once
// A small mustache renderer working straight on nlohmann::json, compiled once per template.
// Supports what our templates use: {{name}} (HTML-escaped), {{{name}}} and {{&name}} (raw;
// allowed only for already-safe fragments), {{#section}}, {{^inverted}}, {{! comments}},
// dotted names and {{.}}. Partials are inlined before compiling (see Templates).
// Truthiness follows kainjow/mustache, which these templates were written for: null, false
// and empty lists are false; everything else, including "", is true.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cg::web {

class MustacheTemplate {
 public:
  // Throws cg::Error (unavailable) naming the template and line on a syntax error.
  static MustacheTemplate compile(const std::string& text, const std::string& name);
  void render(const nlohmann::json& context, std::string& out) const;

  struct Node {
    enum class Kind { text, escaped, raw, section, inverted };
    Kind kind = Kind::text;
    std::string text;               // literal text, or the name as written
    std::vector<std::string> path;  // the name split on '.'; empty for "."
    std::vector<Node> children;
  };

 private:
  std::vector<Node> nodes_;
};

std::string html_escape(const std::string& text);

}  // namespace cg::web
