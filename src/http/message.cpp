#include "http/message.h"

#include <strings.h>

#include <charconv>

#include "core/error.h"

namespace cg::http {

bool LessNoCase::operator()(const std::string& a, const std::string& b) const {
  return strcasecmp(a.c_str(), b.c_str()) < 0;
}

std::string Request::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::string Request::query_value(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? "" : it->second;
}

std::string Request::cookie(const std::string& name) const {
  const std::string all = header("Cookie");
  size_t pos = 0;
  while (pos < all.size()) {
    size_t end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string_view part(all.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
    pos = end + 1;
  }
  return "";
}

std::string Request::param(const std::string& name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? "" : it->second;
}

int64_t Request::param_id(const std::string& name) const {
  const std::string v = param(name);
  int64_t id = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
  if (ec != std::errc() || end != v.data() + v.size() || id <= 0)
    throw Error(ErrorCode::not_found, "Page not found");
  return id;
}

Response Response::html(std::string body, int status) {
  Response r;
  r.status = status;
  r.headers["Content-Type"] = "text/html; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::json(const std::string& body, int status) {
  Response r;
  r.status = status;
  r.headers["Content-Type"] = "application/json";
  r.body = body;
  return r;
}

Response Response::text(std::string body, int status, std::string type) {
  Response r;
  r.status = status;
  r.headers["Content-Type"] = std::move(type);
  r.body = std::move(body);
  return r;
}

Response Response::redirect(const std::string& location, int status) {
  Response r;
  r.status = status;
  r.headers["Location"] = location;
  return r;
}

std::string make_set_cookie(const std::string& name, const std::string& value,
                            const CookieOptions& o) {
  std::string c = name + "=" + value + "; Path=" + o.path;
  if (o.max_age >= 0) c += "; Max-Age=" + std::to_string(o.max_age);
  if (o.http_only) c += "; HttpOnly";
  if (o.secure) c += "; Secure";
  if (!o.same_site.empty()) c += "; SameSite=" + o.same_site;
  return c;
}

}  // namespace cg::http
