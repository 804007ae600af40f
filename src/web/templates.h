#pragma once
// HTML templates (mustache, escaping by default). Templates are read and parsed once at start;
// a missing or broken template stops the server from starting rather than failing a request.
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace cg::web {

class Templates {
 public:
  explicit Templates(const std::string& dir);  // loads every *.mustache below dir
  ~Templates();
  // Renders templates/<name>.mustache with the context; partials are found by their path
  // below templates/ (e.g. {{> partials/error_summary}}).
  std::string render(const std::string& name, const nlohmann::json& context) const;
  bool has(const std::string& name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cg::web
