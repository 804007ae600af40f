#include "api/json_body.h"

#include <algorithm>
#include <cctype>

namespace cg::api {

using nlohmann::json;

namespace {

// "application/json; charset=utf-8" -> "application/json"
std::string media_type(const std::string& header) {
  std::string type = header.substr(0, header.find(';'));
  auto b = type.find_first_not_of(" \t");
  auto e = type.find_last_not_of(" \t");
  type = b == std::string::npos ? "" : type.substr(b, e - b + 1);
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

// nlohmann's messages start "[json.exception.parse_error.101] parse error at ...".
std::string plain_parse_message(const std::string& what) {
  auto close = what.find("] ");
  return close == std::string::npos ? what : what.substr(close + 2);
}

// True when a string or a member name anywhere in `value` holds a NUL character.
bool has_nul(const json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>().find('\0') != std::string::npos;
  if (value.is_object())
    for (auto it = value.begin(); it != value.end(); ++it)
      if (it.key().find('\0') != std::string::npos || has_nul(it.value())) return true;
  if (value.is_array())
    for (const auto& item : value)
      if (has_nul(item)) return true;
  return false;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

json parse_json_object(const http::Request& request,
                       const std::vector<std::string>& also_accepted) {
  const std::string type = media_type(request.header("Content-Type"));
  if (type != "application/json" &&
      std::find(also_accepted.begin(), also_accepted.end(), type) == also_accepted.end())
    throw Error(ErrorCode::unsupported_media_type,
                type.empty() ? "Send the request body as JSON with Content-Type: application/json"
                             : "Content-Type " + type +
                                   " is not accepted here: send the body as application/json");
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error(ErrorCode::bad_request, "The request body is empty: send a JSON object");
  json body;
  try {
    body = json::parse(request.body);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e400
    throw Error(ErrorCode::bad_request,
                "The request body is not valid JSON: " + plain_parse_message(e.what()));
  }
  if (!body.is_object())
    throw Error(ErrorCode::bad_request,
                std::string("The request body must be a JSON object, not ") + body.type_name());
  // JSON may spell a NUL character as \u0000; PostgreSQL would cut the text there, so what is
  // stored would differ from what was sent.
  if (has_nul(body))
    throw Error(ErrorCode::bad_request,
                "The request body has a NUL character (\\u0000) in a string: leave it out");
  return body;
}

BodyReader::BodyReader(const json& body, std::vector<std::string> allowed)
    : body_(body), allowed_(std::move(allowed)) {}

const json* BodyReader::get(const std::string& name) const {
  auto it = body_.find(name);
  return it == body_.end() ? nullptr : &*it;
}

void BodyReader::refuse(const std::string& name, const std::string& message) {
  if (get(name)) problems_.add(name, message);
  refused_.push_back(name);  // reported once, here, not again as unknown
}

std::optional<std::string> BodyReader::text(const std::string& name) {
  const json* v = get(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::string();
  if (!v->is_string()) {
    problems_.add(name, name + " must be a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::string> BodyReader::count(const std::string& name, const std::string& message) {
  const json* v = get(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::string();
  if (v->is_number_unsigned()) return std::to_string(v->get<uint64_t>());
  if (v->is_number_integer())
    return std::to_string(v->get<int64_t>());  // negative: the rules refuse it
  problems_.add(name, message);
  return std::nullopt;
}

std::optional<int64_t> BodyReader::id(const std::string& name) {
  const json* v = get(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return 0;
  if (v->is_number_unsigned() && v->get<uint64_t>() > 0 &&
      v->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX))
    return static_cast<int64_t>(v->get<uint64_t>());
  problems_.add(name, name + " must be the id of a record: a whole number greater than 0");
  return std::nullopt;
}

std::optional<bool> BodyReader::boolean(const std::string& name) {
  const json* v = get(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_boolean()) {
    problems_.add(name, name + " must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> BodyReader::texts(const std::string& name) {
  const json* v = get(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::vector<std::string>();
  const std::string message = name + " must be a list of strings";
  if (!v->is_array()) {
    problems_.add(name, message);
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& x : *v) {
    if (!x.is_string()) {
      problems_.add(name, message);
      return std::nullopt;
    }
    out.push_back(x.get<std::string>());
  }
  return out;
}

void BodyReader::problem(const std::string& name, const std::string& message) {
  problems_.add(name, message);
}

void BodyReader::finish() {
  std::vector<std::string> unknown;
  for (auto it = body_.begin(); it != body_.end(); ++it)
    if (std::find(allowed_.begin(), allowed_.end(), it.key()) == allowed_.end() &&
        std::find(refused_.begin(), refused_.end(), it.key()) == refused_.end())
      unknown.push_back(it.key());
  for (const auto& name : unknown)
    problems_.add(name,
                  "Unknown field " + name + ". The fields accepted here are: " + joined(allowed_));
  problems_.throw_if_failed(unknown.empty()
                                ? "Some fields have the wrong type"
                                : "The request body has fields this operation does not accept");
}

}  // namespace cg::api
