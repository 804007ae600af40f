#include "web/templates.h"

#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>

#include "core/error.h"

namespace cg::web {

namespace fs = std::filesystem;
using kainjow::mustache::mustache;
namespace km = kainjow::mustache;

namespace {

km::data to_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      km::data d{km::data::type::object};
      for (auto& [k, v] : j.items()) d.set(k, to_data(v));
      return d;
    }
    case nlohmann::json::value_t::array: {
      km::data d{km::data::type::list};
      for (const auto& v : j) d.push_back(to_data(v));
      return d;
    }
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? km::data{km::data::type::bool_true}
                           : km::data{km::data::type::bool_false};
    case nlohmann::json::value_t::null:
      return km::data{km::data::type::bool_false};
    case nlohmann::json::value_t::string:
      return km::data{j.get<std::string>()};
    default:
      return km::data{j.dump()};
  }
}

}  // namespace

struct Templates::Impl {
  std::map<std::string, std::string> sources;
  std::map<std::string, std::unique_ptr<mustache>> compiled;
};

Templates::Templates(const std::string& dir) : impl_(std::make_unique<Impl>()) {
  if (!fs::is_directory(dir))
    throw Error(ErrorCode::unavailable, "templates folder not found: " + dir);
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
    std::string name = fs::relative(entry.path(), dir).replace_extension("").generic_string();
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    impl_->sources[name] = ss.str();
    auto m = std::make_unique<mustache>(impl_->sources[name]);
    if (!m->is_valid())
      throw Error(ErrorCode::unavailable,
                  "template " + entry.path().string() + ": " + m->error_message());
    impl_->compiled[name] = std::move(m);
  }
}

Templates::~Templates() = default;

bool Templates::has(const std::string& name) const { return impl_->compiled.count(name) > 0; }

std::string Templates::render(const std::string& name, const nlohmann::json& context) const {
  auto it = impl_->compiled.find(name);
  if (it == impl_->compiled.end()) throw Error(ErrorCode::internal, "no template named " + name);
  km::data data = to_data(context);
  // Partials are resolved by name from the loaded set.
  for (const auto& [pname, source] : impl_->sources) {
    const std::string* text = &source;
    data.set(pname, km::partial{[text]() { return *text; }});
  }
  std::string out = it->second->render(data);
  if (!it->second->is_valid())
    throw Error(ErrorCode::internal, "template " + name + ": " + it->second->error_message());
  return out;
}

}  // namespace cg::web
