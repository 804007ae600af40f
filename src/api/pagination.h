#pragma once
// Cursor pagination for API lists: `limit` (1 to 200, default 50) and an opaque `cursor`
// taken from the previous page's `next_cursor`. A cursor is base64url text naming the kind
// of list it belongs to and the last id the previous page covered; clients must not build
// or read one.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http/message.h"

namespace cg::api {

inline constexpr int kDefaultLimit = 50;
inline constexpr int kMaxLimit = 200;

// The `limit` query parameter; throws bad_request (400) naming `limit` when it is not a
// whole number from 1 to 200.
int page_limit(const http::Request& request);

// The id in the `cursor` query parameter, 0 when there is none. Throws bad_request (400)
// naming `cursor` when it was not made by make_cursor for this `kind` of list.
int64_t page_cursor(const http::Request& request, const std::string& kind);
std::string make_cursor(const std::string& kind, int64_t id);

// {"data": items, "next_cursor": "..." | null}; `next_id` 0 means this is the last page.
nlohmann::json page_json(nlohmann::json items, const std::string& kind, int64_t next_id);

}  // namespace cg::api
