#include "web/templates.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "web/mustache.h"

namespace cg::web {

namespace fs = std::filesystem;
struct Templates::Impl {
  struct Compiled {
    explicit Compiled(MustacheTemplate t) : tmpl(std::move(t)) {}
    MustacheTemplate tmpl;
    // How long its last output was: the next one starts with room for about as much, where
    // growing a 100 KB page from a few KB copied it several times over.
    mutable std::atomic<size_t> last_size{0};
  };
  std::map<std::string, std::string> sources;
  std::map<std::string, Compiled> compiled;
};

namespace {

// Replaces {{> name}} with the named template's text, recursively, so rendering needs no
// partial lookups (mustache partials behave as inline expansion for our templates).
std::string inline_partials(const std::string& text,
                            const std::map<std::string, std::string>& sources,
                            const std::string& name, int depth) {
  if (depth > 8)
    throw Error(ErrorCode::unavailable, "template " + name + ": partials nest too deeply");
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t open = text.find("{{>", pos);
    if (open == std::string::npos) break;
    size_t close = text.find("}}", open);
    if (close == std::string::npos)
      throw Error(ErrorCode::unavailable, "template " + name + ": unclosed partial tag");
    std::string partial = text.substr(open + 3, close - open - 3);
    partial.erase(0, partial.find_first_not_of(' '));
    partial.erase(partial.find_last_not_of(' ') + 1);
    auto it = sources.find(partial);
    if (it == sources.end())
      throw Error(ErrorCode::unavailable, "template " + name + ": no partial named " + partial);
    out += text.substr(pos, open - pos);
    out += inline_partials(it->second, sources, partial, depth + 1);
    pos = close + 2;
  }
  out += text.substr(pos);
  return out;
}

}  // namespace

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
  }
  for (const auto& [name, source] : impl_->sources)
    impl_->compiled.try_emplace(
        name, MustacheTemplate::compile(inline_partials(source, impl_->sources, name, 0), name));
}

Templates::~Templates() = default;

bool Templates::has(const std::string& name) const { return impl_->compiled.count(name) > 0; }

std::string Templates::render(const std::string& name, const nlohmann::json& context) const {
  auto it = impl_->compiled.find(name);
  if (it == impl_->compiled.end()) throw Error(ErrorCode::internal, "no template named " + name);
  const auto& compiled = it->second;
  const size_t last = compiled.last_size.load(std::memory_order_relaxed);
  std::string out;
  out.reserve(std::max<size_t>(8192, last + last / 8));
  compiled.tmpl.render(context, out);
  compiled.last_size.store(out.size(), std::memory_order_relaxed);
  return out;
}

}  // namespace cg::web
