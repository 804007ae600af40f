#pragma once
// Plain request and response values: handlers see these, never Beast types, so handlers and
// their tests stay free of the networking headers.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cg::http {

// Case-insensitive header map.
struct LessNoCase {
  bool operator()(const std::string& a, const std::string& b) const;
};
using Headers = std::map<std::string, std::string, LessNoCase>;
using Params = std::multimap<std::string, std::string>;

struct Request {
  std::string method;
  std::string target;  // as sent: path and query
  std::string path;    // decoded path without query
  Params query;
  Headers headers;
  std::string body;
  // The client: the connection's peer, or, when the peer is a trusted proxy, the client it
  // forwarded for (see client_address.h). Rate limits, logs and audit entries use this.
  std::string remote_address;
  std::string peer_address;  // the connection's other end (the proxy, when there is one)
  // A trusted proxy's forwarding header could not be believed: remote_address is the last
  // trusted hop, which says nothing about where the request came from.
  bool remote_uncertain = false;
  std::string request_id;
  std::map<std::string, std::string> path_params;  // filled by the router
  std::string route;                               // the matched route pattern, for metrics

  std::string header(const std::string& name) const;
  std::string query_value(const std::string& name) const;
  std::string cookie(const std::string& name) const;
  std::string param(const std::string& name) const;  // path parameter
  int64_t param_id(const std::string& name) const;   // path parameter as a positive id, or 404
};

struct Response {
  int status = 200;
  Headers headers;
  std::vector<std::string> set_cookies;
  std::string body;
  std::string file_path;  // when set, the body is streamed from this file

  static Response html(std::string body, int status = 200);
  static Response json(const std::string& body, int status = 200);
  static Response text(std::string body, int status = 200,
                       std::string type = "text/plain; charset=utf-8");
  static Response redirect(const std::string& location, int status = 303);
};

struct CookieOptions {
  bool secure = true;
  bool http_only = true;
  std::string same_site = "Lax";
  std::string path = "/";
  int64_t max_age = -1;  // -1: a session cookie; 0: delete
};
std::string make_set_cookie(const std::string& name, const std::string& value,
                            const CookieOptions& options);

}  // namespace cg::http
