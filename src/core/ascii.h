#pragma once
// Case folding for ASCII letters only, as the databases' lower() does under the C collation:
// names are compared and searched the same way in memory and in SQL.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace cg {

inline char ascii_lower(char ch) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = ascii_lower(ch);
  return out;
}

inline std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

// Whether text contains needle ignoring ASCII case; needle is already lower case. Allocates
// nothing, for filters that run over every row of a table.
inline bool contains_ascii_nocase(std::string_view text, std::string_view lowered_needle) {
  return std::search(text.begin(), text.end(), lowered_needle.begin(), lowered_needle.end(),
                     [](char t, char n) { return ascii_lower(t) == n; }) != text.end();
}

}  // namespace cg
