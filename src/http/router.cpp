#include "http/router.h"

#include <algorithm>

namespace cg::http {

namespace {
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}
}  // namespace

void Router::add(std::string method, std::string pattern, Access access, Handler handler) {
  Route r{std::move(method), pattern, access, std::move(handler), split_path(pattern)};
  routes_.push_back(std::move(r));
}

const Route* Router::match(Request& request, std::vector<std::string>* allowed) const {
  const auto parts = split_path(request.path);
  allowed->clear();
  for (const Route& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      const std::string& seg = r.segments[i];
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        if (parts[i].empty())
          ok = false;
        else
          params[seg.substr(1, seg.size() - 2)] = parts[i];
      } else if (seg != parts[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    if (r.method != request.method && !(r.method == "GET" && request.method == "HEAD")) {
      allowed->push_back(r.method);
      if (r.method == "GET") allowed->push_back("HEAD");
      continue;
    }
    request.path_params = std::move(params);
    request.route = r.pattern;
    allowed->clear();
    return &r;
  }
  std::sort(allowed->begin(), allowed->end());
  allowed->erase(std::unique(allowed->begin(), allowed->end()), allowed->end());
  return nullptr;
}

std::string allow_header(const std::vector<std::string>& methods) {
  std::string out;
  for (const auto& m : methods) out += (out.empty() ? "" : ", ") + m;
  return out;
}

}  // namespace cg::http
