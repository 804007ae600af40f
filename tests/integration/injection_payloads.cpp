#include "injection_payloads.h"

#include <algorithm>
#include <cctype>

namespace cg::test {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

const std::vector<Payload>& injection_payloads() {
  static const std::vector<Payload> payloads = {
      {"sql", "or-true", "' OR '1'='1"},
      {"sql", "drop-table", "1; DROP TABLE organisations--"},
      {"sql", "union-select", "' UNION SELECT password_hash FROM people--"},
      {"sql", "sleep", "1' AND SLEEP(5)--"},
      {"sql", "encoded-quote", "%27"},
      {"script", "script-tag", "<script>alert(1)</script>"},
      {"script", "attribute-breakout", "\"><img src=x onerror=alert(1)>"},
      {"script", "javascript-url", "javascript:alert(1)"},
      {"script", "template", "{{7*7}}"},
      {"traversal", "dot-dot", "../../../../etc/passwd"},
      {"traversal", "encoded-dot-dot", "..%2f..%2fetc%2fpasswd"},
      {"traversal", "encoded-nul", "%00"},
      {"odd", "10000-chars", std::string(10000, 'A')},
      {"odd", "invalid-utf8", std::string("caf\xc3\x28 \xff\xfe end")},
      {"odd", "nul", std::string("before\0after", 12)},
  };
  return payloads;
}

std::string percent_encode_all(const std::string& value) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    }
  }
  return out;
}

std::string json_string_literal(const std::string& value) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      out += "\\u00";
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
  return out;
}

std::string multipart_body(const std::string& boundary,
                           const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::string& file_field, const std::string& file_name,
                           const std::string& file_bytes, const std::string& file_type) {
  std::string body;
  for (const auto& [name, value] : fields)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file_field +
          "\"; filename=\"" + file_name + "\"\r\nContent-Type: " + file_type + "\r\n\r\n" +
          file_bytes + "\r\n--" + boundary + "--\r\n";
  return body;
}

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

bool has_live_markup(const std::string& text) {
  const std::string low = lower(text);
  return contains(low, "<script>alert(1)") || contains(low, "<img src=x onerror=alert(1)>") ||
         contains(low, "href=\"javascript:") || contains(low, "src=\"javascript:") ||
         contains(low, "action=\"javascript:");
}

std::vector<std::string> response_problems(const HttpResponse& response, bool api) {
  std::vector<std::string> problems;
  if (response.status == 0 || response.status >= 500)
    problems.push_back("answered " + std::to_string(response.status));
  if (contains(response.body, "root:x:0:0")) problems.push_back("shows /etc/passwd");
  // The database's own words: an injected quote that broke a query, or bytes it refused.
  for (const char* leak : {"query failed", "SQL logic error", "syntax error at or near",
                           "constraint failed", "invalid byte sequence for encoding", "SQLITE_"})
    if (contains(response.body, leak))
      problems.push_back(std::string("shows a database error ('") + leak + "')");
  const std::string type = lower(response.header("content-type"));
  const bool json =
      type.rfind("application/json", 0) == 0 || type.rfind("application/problem+json", 0) == 0;
  const bool html = contains(type, "text/html");
  const bool download = lower(response.header("content-disposition")).rfind("attachment", 0) == 0;
  if (api && !json) problems.push_back("an API answer with Content-Type '" + type + "'");
  if (html && has_live_markup(response.body)) {
    problems.push_back("script payload shown as live markup in HTML");
  } else if (!html && !json && !download &&
             (contains(response.body, "<script>alert(1)") ||
              contains(response.body, "onerror=alert(1)"))) {
    problems.push_back("script payload sent back raw with Content-Type '" + type + "'");
  }
  return problems;
}

}  // namespace cg::test
