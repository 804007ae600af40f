// next= after signing in: only a path on this site, never something a browser reads as
// another site.
#include "web/local_path.h"

#include <gtest/gtest.h>

namespace {

TEST(LocalPath, AcceptsOnlyPathsOnThisSite) {
  using namespace std::string_literals;
  const std::pair<std::string, bool> cases[] = {
      {"/", true},
      {"/orgs", true},
      {"/orgs/12/people?page=2&sort=name", true},
      {"/orgs?q=care%20home", true},  // an escaped space is how a query carries one
      {"/search?q=100%25", true},     // an escaped %
      {"/a/%2F/b", true},             // an escaped slash later in the path
      {"/a//b", true},                // two slashes later in the path
      {"/orgs#top", true},
      {"/" + std::string(499, 'a'), true},
      // Another site.
      {"", false},
      {"orgs", false},
      {"https://evil.example/", false},
      {"//evil.example/phish", false},
      {"/\\evil.example/phish", false},
      {"\\\\evil.example", false},
      {"/\t/evil.example/phish", false},  // the finding: browsers drop the TAB
      {"/\n/evil.example", false},
      {"/\r/evil.example", false},
      {"/\r\nSet-Cookie: x=1", false},
      {"\t//evil.example", false},
      {" /orgs", false},
      // Control characters, spaces and backslashes anywhere.
      {"/orgs\t", false},
      {"/orgs\x0b", false},
      {"/orgs\x1f", false},
      {"/orgs\x7f", false},
      {"/orgs\0x"s, false},
      {"/orgs list", false},
      {"/orgs\\12", false},
      {"/caf\xc3\xa9", false},  // raw non-ASCII: a real browser would have escaped it
      // Escapes of what is refused, in case something decodes them once more.
      {"/%09/evil.example/phish", false},
      {"/%0a/evil.example", false},
      {"/%0D%0ASet-Cookie:%20x=1", false},
      {"/orgs%00", false},
      {"/orgs%7f", false},
      {"/%5cevil.example", false},
      {"/orgs%5C12", false},
      {"/%2fevil.example", false},
      {"/%2F%2Fevil.example", false},
      // Escapes that are not escapes.
      {"/orgs%", false},
      {"/orgs%2", false},
      {"/orgs%zz", false},
      {"/orgs%%30", false},
      // Too long to be one of ours.
      {"/" + std::string(500, 'a'), false},
  };
  for (const auto& [target, local] : cases) {
    EXPECT_EQ(cg::web::is_local_path(target), local) << "'" << target << "'";
    EXPECT_EQ(cg::web::safe_next(target), local ? target : "/") << "'" << target << "'";
  }
}

}  // namespace
