#pragma once
// Where a page may send someone back to after signing in (the next= parameter): only a path
// on this site. Anything a browser could read as another site ("//evil.example",
// "/\evil.example", "/<TAB>/evil.example": browsers drop tabs and line breaks from URLs and
// treat a backslash as a slash) is refused.
#include <string>
#include <string_view>

namespace cg::web {

// Whether `target` is a same-origin path (with an optional query) that is safe to put in a
// Location header as it is:
// - starts with exactly one '/', and the character after it is not '/' or '\';
// - has no control characters (0x00-0x1F, 0x7F), spaces, backslashes or non-ASCII bytes;
// - every '%' starts a two-digit hex escape, and no escape stands for a control character or
//   a backslash, nor for a '/' straight after the leading one, in case something on the way
//   decodes it once more;
// - is at most 500 bytes long.
bool is_local_path(std::string_view target);

// `next` when it is a local path, otherwise "/".
std::string safe_next(std::string_view next);

}  // namespace cg::web
