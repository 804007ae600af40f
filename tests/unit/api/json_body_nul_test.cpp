// A JSON string may spell NUL as \u0000. PostgreSQL cuts text at a NUL, so such a body would be
// stored as something other than what was sent (the injection test found evidence saved with a
// shortened title and then answered 500); the body is refused as a whole instead.
#include <gtest/gtest.h>

#include <string>

#include "api/json_body.h"
#include "core/error.h"

namespace {

cg::http::Request json_request(const std::string& body) {
  cg::http::Request r;
  r.headers["Content-Type"] = "application/json";
  r.body = body;
  return r;
}

TEST(JsonBodyNul, RefusesANulAnywhereInTheBody) {
  for (const char* body : {R"({"name":"Oak\u0000House"})", R"({"entries":[{"owner":"a\u0000"}]})",
                           R"({"na\u0000me":"Oak"})"}) {
    try {
      cg::api::parse_json_object(json_request(body));
      ADD_FAILURE() << "accepted: " << body;
    } catch (const cg::Error& e) {
      EXPECT_EQ(e.code(), cg::ErrorCode::bad_request) << body;
    }
  }
  EXPECT_EQ(cg::api::parse_json_object(json_request(R"({"name":"Oak \u00e9"})"))["name"],
            "Oak \xc3\xa9");
}

}  // namespace
