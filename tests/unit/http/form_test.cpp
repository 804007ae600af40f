#include "http/form.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace {

using namespace cg::http;

TEST(Urlencoded, DecodesPairs) {
  auto p = parse_urlencoded("a=1&b=hello+world&c=%2Fx%3D&empty=&flag&a=2");
  EXPECT_EQ(p.count("a"), 2u);
  EXPECT_EQ(p.find("b")->second, "hello world");
  EXPECT_EQ(p.find("c")->second, "/x=");
  EXPECT_EQ(p.find("empty")->second, "");
  EXPECT_EQ(p.find("flag")->second, "");
}

TEST(Urlencoded, RejectsBrokenEscapes) {
  for (const char* bad : {"a=%", "a=%4", "a=%zz", "%g1=1"}) {
    EXPECT_THROW(parse_urlencoded(bad), cg::Error) << bad;
  }
}

TEST(Multipart, ParsesFieldsAndFiles) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
      "Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n--XyZ--\r\n";
  auto parts = parse_multipart(body, "multipart/form-data; boundary=XyZ");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "csrf_token");
  EXPECT_EQ(parts[0].data, "abc");
  EXPECT_EQ(parts[1].filename, "a.txt");
  EXPECT_EQ(parts[1].content_type, "text/plain");
  EXPECT_EQ(parts[1].data, "line1\r\nline2");
}

TEST(Multipart, RejectsMalformedBodies) {
  const char* type = "multipart/form-data; boundary=XyZ";
  const std::string cases[] = {
      "",
      "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
      "--XyZ\r\nno headers end",
      "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--",
      "--XyZ junk",
  };
  for (const auto& body : cases) EXPECT_THROW(parse_multipart(body, type), cg::Error) << body;
  EXPECT_THROW(parse_multipart("--a--", "multipart/form-data"), cg::Error);
}

TEST(Multipart, LimitsNumberOfParts) {
  std::string body;
  for (int i = 0; i < 5; ++i)
    body += "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n";
  body += "--b--";
  EXPECT_THROW(parse_multipart(body, "multipart/form-data; boundary=b", 3), cg::Error);
  EXPECT_EQ(parse_multipart(body, "multipart/form-data; boundary=b", 10).size(), 5u);
}

TEST(Target, SplitsPathAndQuery) {
  Request r;
  r.target = "/orgs/%31?q=a%20b&after=5";
  split_target(r);
  EXPECT_EQ(r.path, "/orgs/1");
  EXPECT_EQ(r.query_value("q"), "a b");
  EXPECT_EQ(r.query_value("after"), "5");
  Request bad;
  bad.target = "http://example.com/";
  EXPECT_THROW(split_target(bad), cg::Error);
  Request nul;
  nul.target = "/a%00b";
  EXPECT_THROW(split_target(nul), cg::Error);
}

TEST(Cookies, FindsByExactName) {
  Request r;
  r.headers["Cookie"] = "cg_csrf=abc; cg_session=xyz; x=1";
  EXPECT_EQ(r.cookie("cg_session"), "xyz");
  EXPECT_EQ(r.cookie("cg_csrf"), "abc");
  EXPECT_EQ(r.cookie("session"), "");
}

TEST(SetCookie, HasTheSecurityAttributes) {
  CookieOptions o;
  EXPECT_EQ(make_set_cookie("cg_session", "v", o),
            "cg_session=v; Path=/; HttpOnly; Secure; SameSite=Lax");
  o.secure = false;
  o.max_age = 0;
  EXPECT_EQ(make_set_cookie("a", "", o), "a=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

}  // namespace
