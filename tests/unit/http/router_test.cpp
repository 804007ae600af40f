// The router: which route a request reaches, and which methods a path accepts when the
// request's method is not one of them (for 405's Allow header).
#include "http/router.h"

#include <gtest/gtest.h>

namespace {

using cg::http::Access;
using cg::http::Request;
using cg::http::Router;

Router sample() {
  Router r;
  r.add("GET", "/sign-in", Access::public_page, nullptr);
  r.add("POST", "/sign-in", Access::public_page, nullptr);
  r.add("POST", "/sign-out", Access::partial, nullptr);
  r.add("GET", "/orgs/{id}", Access::signed_in, nullptr);
  r.add("POST", "/orgs/{id}", Access::signed_in, nullptr);
  r.add("GET", "/orgs/new", Access::signed_in, nullptr);
  r.add("DELETE", "/api/v1/tokens/{id}", Access::api_token, nullptr);
  r.add("PUT", "/api/v1/tokens/{id}", Access::api_token, nullptr);
  return r;
}

TEST(Router, ReportsTheMethodsAPathAcceptsWhenTheMethodIsNotOne) {
  struct Case {
    const char* method;
    const char* path;
    const char* route;  // nullptr: no route
    std::vector<std::string> allowed;
  };
  const Case cases[] = {
      {"GET", "/sign-in", "/sign-in", {}},
      {"HEAD", "/sign-in", "/sign-in", {}},  // GET routes answer HEAD
      {"POST", "/sign-in", "/sign-in", {}},
      {"DELETE", "/sign-in", nullptr, {"GET", "HEAD", "POST"}},
      {"PUT", "/sign-in", nullptr, {"GET", "HEAD", "POST"}},
      {"GET", "/sign-out", nullptr, {"POST"}},
      {"HEAD", "/sign-out", nullptr, {"POST"}},
      {"PATCH", "/orgs/7", nullptr, {"GET", "HEAD", "POST"}},
      // Every route the path fits counts, a fixed one and one with a parameter alike.
      {"DELETE", "/orgs/new", nullptr, {"GET", "HEAD", "POST"}},
      {"GET", "/api/v1/tokens/3", nullptr, {"DELETE", "PUT"}},
      {"GET", "/nowhere", nullptr, {}},
      {"POST", "/orgs", nullptr, {}},
  };
  const Router router = sample();
  for (const auto& c : cases) {
    Request req;
    req.method = c.method;
    req.path = c.path;
    std::vector<std::string> allowed = {"left over"};
    const auto* route = router.match(req, &allowed);
    if (c.route) {
      ASSERT_NE(route, nullptr) << c.method << " " << c.path;
      EXPECT_EQ(route->pattern, c.route);
    } else {
      EXPECT_EQ(route, nullptr) << c.method << " " << c.path;
    }
    EXPECT_EQ(allowed, c.allowed) << c.method << " " << c.path;
  }
}

TEST(Router, AllowHeaderListsTheMethods) {
  EXPECT_EQ(cg::http::allow_header({"GET", "HEAD", "POST"}), "GET, HEAD, POST");
  EXPECT_EQ(cg::http::allow_header({"POST"}), "POST");
  EXPECT_EQ(cg::http::allow_header({}), "");
}

}  // namespace
