#include "core/error.h"

namespace cg {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_request:
      return 400;
    case ErrorCode::validation:
      return 422;
    case ErrorCode::unauthenticated:
      return 401;
    case ErrorCode::forbidden:
      return 403;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::method_not_allowed:
      return 405;
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::gone:
      return 410;
    case ErrorCode::payload_too_large:
      return 413;
    case ErrorCode::unsupported_media_type:
      return 415;
    case ErrorCode::too_many_requests:
      return 429;
    case ErrorCode::unavailable:
      return 503;
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

const char* error_title(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_request:
      return "Bad request";
    case ErrorCode::validation:
      return "There is a problem with what you sent";
    case ErrorCode::unauthenticated:
      return "You need to sign in";
    case ErrorCode::forbidden:
      return "You do not have permission to do this";
    case ErrorCode::not_found:
      return "Page not found";
    case ErrorCode::method_not_allowed:
      return "Sorry, that did not work";
    case ErrorCode::conflict:
      return "This conflicts with something that already exists";
    case ErrorCode::gone:
      return "This link has expired or has already been used";
    case ErrorCode::payload_too_large:
      return "What you sent is too large";
    case ErrorCode::unsupported_media_type:
      return "This type of content is not accepted";
    case ErrorCode::too_many_requests:
      return "Too many attempts";
    case ErrorCode::unavailable:
      return "Service unavailable";
    case ErrorCode::internal:
      return "Sorry, there is a problem with the service";
  }
  return "Error";
}

}  // namespace cg
