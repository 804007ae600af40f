// Reading JSON API bodies: every body that is not a JSON object is refused with cg::Error
// (400 or 415), never with another exception, which the server would answer with a 500.
#include "api/json_body.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"

namespace {

using cg::ErrorCode;

cg::http::Request json_request(const std::string& body,
                               const std::string& type = "application/json") {
  cg::http::Request r;
  r.headers["Content-Type"] = type;
  r.body = body;
  return r;
}

ErrorCode refusal(const cg::http::Request& r) {
  try {
    cg::api::parse_json_object(r);
  } catch (const cg::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "accepted: " << r.body;
  return ErrorCode::internal;
}

TEST(JsonBody, RefusesWhatIsNotAJsonObjectWith400) {
  // 1e400 does not fit a double: nlohmann throws out_of_range, not parse_error (found by
  // fuzz_api_json; it was a 500).
  for (const std::string& body : {std::string("{\"staff_count\": 1e400}"), std::string("-1e999"),
                                  std::string("{\"name\": \"Oak\xff\"}"), std::string("{"),
                                  std::string("[1]"), std::string(" \r\n")})
    EXPECT_EQ(refusal(json_request(body)), ErrorCode::bad_request) << body;
  EXPECT_EQ(refusal(json_request("{}", "text/plain")), ErrorCode::unsupported_media_type);
}

TEST(JsonBody, ReadsAnObject) {
  auto body = cg::api::parse_json_object(
      json_request("{\"name\": \"Oak\", \"staff_count\": 1e2}", "Application/JSON; charset=utf-8"));
  EXPECT_EQ(body["name"], "Oak");
  EXPECT_EQ(body["staff_count"], 100.0);
}

}  // namespace
