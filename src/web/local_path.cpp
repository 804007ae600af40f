#include "web/local_path.h"

namespace cg::web {

namespace {

constexpr size_t kMaxLength = 500;

int hex_value(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

// Characters that must not appear in the path, whether written or percent-escaped.
bool refused(unsigned char ch) { return ch < 0x20 || ch == 0x7f || ch == '\\'; }

}  // namespace

bool is_local_path(std::string_view t) {
  if (t.empty() || t.size() > kMaxLength || t[0] != '/') return false;
  for (size_t i = 0; i < t.size(); ++i) {
    const auto ch = static_cast<unsigned char>(t[i]);
    if (refused(ch) || ch == ' ' || ch >= 0x80) return false;
    if (ch != '%') continue;
    const int high = i + 2 < t.size() ? hex_value(t[i + 1]) : -1;
    const int low = i + 2 < t.size() ? hex_value(t[i + 2]) : -1;
    if (high < 0 || low < 0) return false;
    const auto decoded = static_cast<unsigned char>(high * 16 + low);
    if (refused(decoded) || (i == 1 && decoded == '/')) return false;
    i += 2;
  }
  return t.size() == 1 || (t[1] != '/' && t[1] != '\\');
}

std::string safe_next(std::string_view next) {
  return is_local_path(next) ? std::string(next) : std::string("/");
}

}  // namespace cg::web
