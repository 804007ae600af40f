#pragma once
// Builds the context for templates/partials/field_text so page handlers describe a field in
// one line and the NHS.UK error pattern is applied the same way everywhere.
#include <nlohmann/json.hpp>
#include <string>

namespace cg::web {

struct FieldSpec {
  std::string id;
  std::string label;
  std::string type = "text";
  std::string hint;
  std::string autocomplete;
  std::string width_class;
};

nlohmann::json text_field(const FieldSpec& spec, const std::string& value,
                          const nlohmann::json& errors = nlohmann::json::object());

}  // namespace cg::web
