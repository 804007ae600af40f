#pragma once
// Reads the forms and links of a page the server rendered, so a test can find out which fields
// a route takes from the page a person would use, instead of keeping its own copy of every form.
// A small scanner for the server's own templates, not a general HTML parser: it expects quoted
// attribute values and does not nest forms.
#include <string>
#include <utility>
#include <vector>

namespace cg::test {

struct HtmlField {
  std::string tag;   // input, select or textarea
  std::string type;  // the input's type (text when absent); empty for select and textarea
  std::string name;
  std::string value;            // what a browser would send untouched (see default_fields)
  bool sent_by_default = true;  // false for an unchecked radio button or checkbox
};

struct HtmlForm {
  std::string method;   // lower case; "get" when absent
  std::string action;   // as written, entities decoded; empty means the page's own address
  std::string enctype;  // lower case; empty when absent
  std::vector<HtmlField> fields;
};

// Every <form> in `html`, in page order.
std::vector<HtmlForm> html_forms(const std::string& html);

// The fields a browser would submit if the person changed nothing: text and hidden values, the
// checked radio button or checkbox (or, when none is checked, nothing), the selected (or first)
// option of a select, a textarea's text. File inputs are left out.
std::vector<std::pair<std::string, std::string>> default_fields(const HtmlForm& form);

// The distinct names of the fields of `form` (file inputs included), in page order.
std::vector<std::string> field_names(const HtmlForm& form);

// The distinct query parameter names in links (href="...") on the page whose path is exactly
// `path`, in page order.
std::vector<std::string> link_query_names(const std::string& html, const std::string& path);

// The value of an attribute such as href="..." with &amp;, &lt;, &gt;, &quot; and numeric
// character references decoded.
std::string decode_entities(const std::string& text);

}  // namespace cg::test
