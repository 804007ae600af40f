#pragma once
// Reading JSON request bodies for the API: the media type, the syntax and the shape of each
// field are checked here, so handlers only see well-typed values and the identity service
// only has to judge what the values mean.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace cg::api {

// The body as a JSON object. Throws unsupported_media_type (415) unless Content-Type is
// application/json (or one of `also_accepted`), and bad_request (400) naming the problem when
// the body is empty, is not valid JSON or is not an object.
nlohmann::json parse_json_object(const http::Request& request,
                                 const std::vector<std::string>& also_accepted = {});

// Reads the fields of a body object and collects what is wrong with their shape (unknown
// names, wrong JSON types); finish() throws them all at once as validation errors (422).
class BodyReader {
 public:
  BodyReader(const nlohmann::json& body, std::vector<std::string> allowed);

  // A field that may not be sent here, with the reason to give when it is.
  void refuse(const std::string& name, const std::string& message);

  // nullopt when absent; "" when null; the text when a string; an error otherwise.
  std::optional<std::string> text(const std::string& name);
  // A whole number, returned as the decimal text the identity rules parse ("" when null).
  // `message` is given when the value is present but not a whole number.
  std::optional<std::string> count(const std::string& name, const std::string& message);
  // The id of a record: nullopt when absent, 0 when null, else a positive whole number.
  std::optional<int64_t> id(const std::string& name);
  // true or false: nullopt when absent or null; an error otherwise.
  std::optional<bool> boolean(const std::string& name);
  // A list of strings: nullopt when absent; empty when null; an error otherwise.
  std::optional<std::vector<std::string>> texts(const std::string& name);
  // A problem the handler found with a field's shape, reported with the others by finish().
  void problem(const std::string& name, const std::string& message);

  void finish();

 private:
  const nlohmann::json* get(const std::string& name) const;

  const nlohmann::json& body_;
  std::vector<std::string> allowed_;
  std::vector<std::string> refused_;
  Validation problems_;
};

}  // namespace cg::api
