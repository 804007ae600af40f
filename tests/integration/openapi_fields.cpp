#include "openapi_fields.h"

namespace cg::test {

namespace {

using nlohmann::json;

// The object a node points at with "$ref": "#/components/...", or the node itself.
const json& resolve(const json& document, const json& node) {
  if (!node.contains("$ref")) return node;
  return document.at(json::json_pointer(node.at("$ref").get<std::string>().substr(1)));
}

// The operation object, or null when the document does not describe it.
const json* operation(const json& document, const std::string& pattern, const std::string& method) {
  if (!document.contains("paths") || !document.at("paths").contains(pattern)) return nullptr;
  const json& path_item = document.at("paths").at(pattern);
  return path_item.contains(method) ? &path_item.at(method) : nullptr;
}

}  // namespace

std::vector<std::string> openapi_query_params(const json& document, const std::string& pattern,
                                              const std::string& method) {
  std::vector<std::string> out;
  const json* op = operation(document, pattern, method);
  if (!op) return out;
  for (const json* owner : {op, &document.at("paths").at(pattern)})
    if (owner->contains("parameters"))
      for (const auto& p : owner->at("parameters")) {
        const json& param = resolve(document, p);
        if (param.value("in", "") == "query") out.push_back(param.at("name").get<std::string>());
      }
  return out;
}

std::vector<std::string> openapi_body_fields(const json& document, const std::string& pattern,
                                             const std::string& method) {
  std::vector<std::string> out;
  const json* op = operation(document, pattern, method);
  if (!op || !op->contains("requestBody")) return out;
  const json& schema =
      resolve(document, op->at("requestBody").at("content").at("application/json").at("schema"));
  if (!schema.contains("properties")) return out;
  for (const auto& [name, value] : schema.at("properties").items()) out.push_back(name);
  return out;
}

}  // namespace cg::test
