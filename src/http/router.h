#pragma once
// Maps method + path pattern ("/orgs/{id}/people") to a handler. Routes are kept as data so
// tests and the OpenAPI check can enumerate every one of them.
#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace cg::http {

enum class Access {
  public_page,  // anyone, signed in or not
  signed_in,    // a full session (password and, where required, MFA)
  partial,      // a session that has passed the password but not yet MFA
  api_token,    // Authorization: Bearer <personal API token>
};

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Access access;
  Handler handler;
  std::vector<std::string> segments;  // pattern split on '/'
};

class Router {
 public:
  void add(std::string method, std::string pattern, Access access, Handler handler);
  // Finds the route for a request, filling request.path_params and request.route.
  // Returns nullptr when nothing matches. Then *allowed holds the methods the path does accept,
  // in order (HEAD wherever GET is, since GET routes answer HEAD), and is empty when no route
  // has this path at all.
  const Route* match(Request& request, std::vector<std::string>* allowed) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// The value of an Allow header for these methods: "GET, HEAD, POST".
std::string allow_header(const std::vector<std::string>& methods);

}  // namespace cg::http
