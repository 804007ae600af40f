#pragma once
// Checking that bytes from outside are text before they are stored or written into JSON:
// nlohmann's dump() throws on bytes that are not UTF-8, and PostgreSQL refuses them and NUL.
#include <cstddef>
#include <string_view>

namespace cg {

// Well-formed UTF-8 (no overlong forms, surrogates or code points beyond U+10FFFF) with no NUL
// character.
bool is_utf8_text(std::string_view s);
// How many bytes at the start of s are such text: the offset of the first byte that is not,
// or s.size() when all of it is.
size_t utf8_text_prefix(std::string_view s);

}  // namespace cg
