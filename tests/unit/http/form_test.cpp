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

// Form text must be UTF-8 without NUL: otherwise a stored note or answer later makes a JSON
// dump() throw (a 500 when publishing or downloading OSCAL, found by fuzz_oscal_roundtrip).
TEST(FormFields, RefuseTextThatIsNotUtf8) {
  auto fields_of = [](const std::string& type, const std::string& body) {
    Request r;
    r.headers["Content-Type"] = type;
    r.body = body;
    return form_fields(r);
  };
  const std::string form = "application/x-www-form-urlencoded";
  EXPECT_EQ(fields_of(form, "note=caf%C3%A9").find("note")->second, "caf\xc3\xa9");
  for (const char* body : {"note=%FF", "note=caf%C3%28", "note=a%00b", "n%FFte=x", "note=%C0%80"})
    EXPECT_THROW(fields_of(form, body), cg::Error) << body;

  const std::string multipart = "multipart/form-data; boundary=b";
  auto part = [](const std::string& head, const std::string& data) {
    return "--b\r\nContent-Disposition: form-data; " + head + "\r\n\r\n" + data + "\r\n";
  };
  EXPECT_THROW(fields_of(multipart, part("name=\"note\"", "\xff") + "--b--"), cg::Error);
  // A file's bytes are the upload's business, not the form's: they are left out and not checked.
  auto fields =
      fields_of(multipart, part("name=\"note\"", "ok") +
                               part("name=\"f\"; filename=\"a.bin\"", "\xff\x00") + "--b--");
  EXPECT_EQ(fields.size(), 1u);
  try {
    fields_of(form, "note=%FF");
    ADD_FAILURE() << "a form that is not UTF-8 was accepted";
  } catch (const cg::Error& e) {
    EXPECT_EQ(e.code(), cg::ErrorCode::bad_request);
  }
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

// Query values reach SQL as search text: PostgreSQL answered bytes that are not UTF-8 with an
// error (a 500, found by the injection test) and cuts text at a NUL.
TEST(Target, RefusesQueryTextThatIsNotUtf8) {
  for (const std::string target :
       {"/status?q=caf%C3%28", "/status?q=%FF", "/orgs?q=a%00b", "/orgs?%FF=1"}) {
    Request r;
    r.target = target;
    EXPECT_THROW(split_target(r), cg::Error) << target;
  }
  Request ok;
  ok.target = "/status?q=Caf%C3%A9%20%27%20OR%20%271%27%3D%271";
  split_target(ok);
  EXPECT_EQ(ok.query_value("q"), "Caf\xc3\xa9 ' OR '1'='1");
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
