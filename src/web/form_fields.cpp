#include "web/form_fields.h"

namespace cg::web {

namespace {
// Empty optional values become null (false to mustache): our renderer treats "" as set, and a
// missing key would be looked up in the enclosing page context instead.
nlohmann::json optional(const std::string& v) {
  return v.empty() ? nlohmann::json() : nlohmann::json(v);
}
}  // namespace

nlohmann::json text_field(const FieldSpec& s, const std::string& value,
                          const nlohmann::json& errors) {
  nlohmann::json f = {{"id", s.id},
                      {"name", s.id},
                      {"label", s.label},
                      {"type", s.type},
                      {"value", optional(value)},
                      {"hint", optional(s.hint)},
                      {"autocomplete", optional(s.autocomplete)},
                      {"width_class", optional(s.width_class)},
                      {"error", nullptr}};
  if (errors.is_object() && errors.contains(s.id)) f["error"] = errors[s.id];
  return f;
}

}  // namespace cg::web
