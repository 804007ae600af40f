#include "core/csv.h"

namespace cg::csv {

bool starts_formula(std::string_view value) {
  for (const char ch : value) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte <= 0x20 || byte == 0x7f) continue;  // white space and control characters
    return ch == '=' || ch == '+' || ch == '-' || ch == '@';
  }
  return false;
}

std::string field(const std::string& raw) {
  std::string value = raw;
  // The ' goes first, before any white space, so the whole cell is read as text.
  if (starts_formula(value)) value.insert(value.begin(), '\'');
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"')
      out += "\"\"";
    else
      out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string row(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(',');
    out += field(fields[i]);
  }
  out += "\r\n";
  return out;
}

}  // namespace cg::csv
