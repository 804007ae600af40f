#pragma once
// Typed errors that carry a code; one function (http_status) maps codes to HTTP statuses,
// so handlers throw and never pick status numbers themselves.
#include <stdexcept>
#include <string>
#include <vector>

namespace cg {

enum class ErrorCode {
  bad_request,
  validation,
  unauthenticated,
  forbidden,
  not_found,
  method_not_allowed,
  conflict,
  gone,
  payload_too_large,
  unsupported_media_type,
  too_many_requests,
  unavailable,
  internal,
};

struct FieldError {
  std::string field;
  std::string message;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string message, std::vector<FieldError> fields = {})
      : std::runtime_error(std::move(message)), code_(code), fields_(std::move(fields)) {}
  // An error whose cause (a database's own message, naming tables, columns and constraints) is
  // for the log and the command line only: what() stays the plain message shown to users.
  static Error with_detail(ErrorCode code, std::string message, std::string detail) {
    Error e(code, std::move(message));
    e.detail_ = std::move(detail);
    return e;
  }
  ErrorCode code() const { return code_; }
  const std::vector<FieldError>& fields() const { return fields_; }
  const std::string& detail() const { return detail_; }

 private:
  ErrorCode code_;
  std::vector<FieldError> fields_;
  std::string detail_;
};

int http_status(ErrorCode code);
const char* error_title(ErrorCode code);

// Collects field errors while validating a form or body, then throws them together.
class Validation {
 public:
  void add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  bool ok() const { return errors_.empty(); }
  const std::vector<FieldError>& errors() const { return errors_; }
  void throw_if_failed(const std::string& summary = "There is a problem") const {
    if (!errors_.empty()) throw Error(ErrorCode::validation, summary, errors_);
  }

 private:
  std::vector<FieldError> errors_;
};

}  // namespace cg
