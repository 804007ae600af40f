#include "http/form.h"

#include <strings.h>

#include "core/error.h"
#include "core/utf8.h"

namespace cg::http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads a parameter (boundary=, name=, filename=) from a header value; quotes optional.
std::string header_param(std::string_view value, std::string_view key) {
  size_t pos = 0;
  while (pos < value.size()) {
    size_t semi = value.find(';', pos);
    std::string_view part =
        trim(value.substr(pos, semi == std::string_view::npos ? value.npos : semi - pos));
    auto eq = part.find('=');
    if (eq != std::string_view::npos && trim(part.substr(0, eq)).size() == key.size() &&
        strncasecmp(trim(part.substr(0, eq)).data(), key.data(), key.size()) == 0) {
      std::string_view v = trim(part.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return "";
}

}  // namespace

std::string percent_decode(std::string_view in, bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      int hi = i + 1 < in.size() ? hex_value(in[i + 1]) : -1;
      int lo = i + 2 < in.size() ? hex_value(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) throw Error(ErrorCode::bad_request, "Malformed percent-encoding");
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string percent_encode(std::string_view in) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
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

Params parse_urlencoded(std::string_view body) {
  Params out;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t amp = body.find('&', pos);
    if (amp == std::string_view::npos) amp = body.size();
    std::string_view pair = body.substr(pos, amp - pos);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      std::string key = percent_decode(pair.substr(0, eq), true);
      std::string value =
          eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1), true);
      out.emplace(std::move(key), std::move(value));
    }
    pos = amp + 1;
  }
  return out;
}

std::vector<Part> parse_multipart(std::string_view body, std::string_view content_type,
                                  size_t max_parts) {
  const std::string boundary = header_param(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200)
    throw Error(ErrorCode::bad_request, "Multipart body has no valid boundary");
  const std::string delimiter = "--" + boundary;
  std::vector<Part> parts;
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) throw Error(ErrorCode::bad_request, "Multipart body is empty");
  pos += delimiter.size();
  for (;;) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n")
      throw Error(ErrorCode::bad_request, "Malformed multipart body");
    pos += 2;
    size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos)
      throw Error(ErrorCode::bad_request, "Multipart part has no end of headers");
    Part part;
    bool has_disposition = false;
    std::string_view headers = body.substr(pos, headers_end - pos);
    size_t hpos = 0;
    while (hpos <= headers.size()) {
      size_t eol = headers.find("\r\n", hpos);
      if (eol == std::string_view::npos) eol = headers.size();
      std::string_view line = headers.substr(hpos, eol - hpos);
      auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string_view name = trim(line.substr(0, colon));
        std::string_view value = trim(line.substr(colon + 1));
        if (strncasecmp(name.data(), "Content-Disposition", name.size()) == 0 &&
            name.size() == 19) {
          has_disposition = true;
          part.name = header_param(value, "name");
          part.filename = header_param(value, "filename");
        } else if (strncasecmp(name.data(), "Content-Type", name.size()) == 0 &&
                   name.size() == 12) {
          part.content_type = std::string(value);
        }
      }
      hpos = eol + 2;
    }
    if (!has_disposition || part.name.empty())
      throw Error(ErrorCode::bad_request, "Multipart part has no field name");
    size_t data_start = headers_end + 4;
    size_t next = body.find("\r\n" + delimiter, data_start);
    if (next == std::string_view::npos)
      throw Error(ErrorCode::bad_request, "Multipart body ends before its closing boundary");
    part.data = std::string(body.substr(data_start, next - data_start));
    parts.push_back(std::move(part));
    if (parts.size() > max_parts) throw Error(ErrorCode::payload_too_large, "Too many form parts");
    pos = next + 2 + delimiter.size();
  }
}

void split_target(Request& req) {
  if (req.target.empty() || req.target.front() != '/')
    throw Error(ErrorCode::bad_request, "Request target must start with /");
  auto q = req.target.find('?');
  req.path = percent_decode(std::string_view(req.target).substr(0, q), false);
  if (req.path.find('\0') != std::string::npos)
    throw Error(ErrorCode::bad_request, "Request path contains a NUL byte");
  if (q != std::string::npos)
    req.query = parse_urlencoded(std::string_view(req.target).substr(q + 1));
  // Query values become search text in SQL: PostgreSQL refuses bytes that are not UTF-8 (a 500
  // if they got that far) and cuts text at a NUL, so both are refused here, as in forms.
  for (const auto& [name, value] : req.query)
    if (!is_utf8_text(name) || !is_utf8_text(value))
      throw Error(ErrorCode::bad_request, "The address has characters that could not be read");
}

Params form_fields(const Request& request) {
  const std::string type = request.header("Content-Type");
  Params out;
  if (strncasecmp(type.c_str(), "multipart/form-data", 19) == 0) {
    for (auto& p : parse_multipart(request.body, type))
      if (p.filename.empty()) out.emplace(p.name, p.data);
  } else if (type.empty() ||
             strncasecmp(type.c_str(), "application/x-www-form-urlencoded", 33) == 0) {
    out = parse_urlencoded(request.body);
  } else {
    throw Error(ErrorCode::unsupported_media_type,
                "Forms must be sent as URL-encoded or multipart");
  }
  // Browsers send form text as UTF-8. Bytes that are not would later make a JSON dump() throw
  // (an answer, a publication snapshot, an OSCAL download), and PostgreSQL refuses them and
  // cuts text at a NUL, so both are refused here, once, for every form.
  for (const auto& [name, value] : out)
    if (!is_utf8_text(name) || !is_utf8_text(value))
      throw Error(ErrorCode::bad_request,
                  "The form has characters that could not be read. Check what you typed and "
                  "send it again");
  return out;
}

}  // namespace cg::http
