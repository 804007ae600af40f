#include "api/pagination.h"

#include <sodium.h>

#include <charconv>

#include "core/crypto.h"
#include "core/error.h"

namespace cg::api {

namespace {

std::optional<int64_t> whole_number(const std::string& text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

[[noreturn]] void bad_parameter(const std::string& name, const std::string& message) {
  throw Error(ErrorCode::bad_request, message, {{name, message}});
}

}  // namespace

int page_limit(const http::Request& request) {
  if (!request.query.count("limit")) return kDefaultLimit;
  auto value = whole_number(request.query_value("limit"));
  if (!value || *value < 1 || *value > kMaxLimit)
    bad_parameter("limit", "limit must be a whole number from 1 to " + std::to_string(kMaxLimit));
  return static_cast<int>(*value);
}

int64_t page_cursor(const http::Request& request, const std::string& kind) {
  const std::string raw = request.query_value("cursor");
  if (raw.empty()) return 0;
  const std::string invalid =
      "cursor is not valid: use the next_cursor value from the previous page exactly as given";
  if (raw.size() > 64) bad_parameter("cursor", invalid);
  unsigned char decoded[64];
  size_t length = 0;
  if (sodium_base642bin(decoded, sizeof decoded, raw.data(), raw.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    bad_parameter("cursor", invalid);
  const std::string text(reinterpret_cast<const char*>(decoded), length);
  const std::string prefix = kind + ":";
  if (text.rfind(prefix, 0) != 0) bad_parameter("cursor", invalid);
  auto id = whole_number(text.substr(prefix.size()));
  if (!id || *id <= 0) bad_parameter("cursor", invalid);
  return *id;
}

std::string make_cursor(const std::string& kind, int64_t id) {
  return crypto::base64url(kind + ":" + std::to_string(id));
}

nlohmann::json page_json(nlohmann::json items, const std::string& kind, int64_t next_id) {
  return {
      {"data", std::move(items)},
      {"next_cursor", next_id > 0 ? nlohmann::json(make_cursor(kind, next_id)) : nlohmann::json()}};
}

}  // namespace cg::api
