// Which bytes count as text: well-formed UTF-8 without NUL. The cases that matter are the
// near misses a lax check lets through (overlong forms, surrogates, beyond U+10FFFF).
#include <gtest/gtest.h>

#include <string>

#include "core/utf8.h"

namespace {

TEST(Utf8Text, AcceptsWellFormedText) {
  for (const std::string& s :
       {std::string(""), std::string("plain ASCII, tabs\tand\nlines"), std::string("caf\xc3\xa9"),
        std::string("Ty\xcc\x82 \xe2\x80\x94 \xe2\x82\xac"), std::string("\xf0\x9f\x98\x80"),
        std::string("\xef\xbf\xbf"), std::string("\xf4\x8f\xbf\xbf")})
    EXPECT_TRUE(cg::is_utf8_text(s)) << s;
}

TEST(Utf8Text, RefusesNearMisses) {
  const std::pair<std::string, const char*> cases[] = {
      {std::string("a\0b", 3), "NUL"},
      {"\xff", "byte that never starts a character"},
      {"\x80", "continuation byte alone"},
      {"caf\xc3", "cut short"},
      {"\xc3\x28", "bad continuation"},
      {"\xc0\x80", "overlong NUL"},
      {"\xc1\xbf", "overlong two bytes"},
      {"\xe0\x9e\x93", "overlong three bytes (found by fuzz_evidence_file)"},
      {"\xf0\x8f\xbf\xbf", "overlong four bytes"},
      {"\xed\xa0\x80", "surrogate"},
      {"\xf4\x90\x80\x80", "beyond U+10FFFF"},
      {"\xf8\x88\x80\x80\x80", "five-byte form"},
  };
  for (const auto& [bytes, why] : cases) EXPECT_FALSE(cg::is_utf8_text(bytes)) << why;
}

}  // namespace
