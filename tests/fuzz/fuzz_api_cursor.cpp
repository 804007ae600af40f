// Fuzzes the API's list paging parameters: the input is a request target ("/api/v1/orgs?..."),
// split as the server does, then page_limit and page_cursor read `limit` and `cursor`.
// cg::Error(bad_request) naming the parameter is the expected rejection. The id an accepted
// cursor names must come back from the cursor make_cursor gives for it.
#include <cstdint>
#include <string>

#include "api/pagination.h"
#include "core/crypto.h"
#include "core/error.h"
#include "fuzz_support.h"
#include "http/form.h"
#include "http/message.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  cg::crypto::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cg::http::Request req;
  req.method = "GET";
  req.target.assign(reinterpret_cast<const char*>(data), size);
  try {
    cg::http::split_target(req);
  } catch (const cg::Error&) {
    return 0;  // the server answers 400 before any handler runs
  }
  try {
    const int limit = cg::api::page_limit(req);
    if (limit < 1 || limit > cg::api::kMaxLimit) cg::fuzz::fail("limit out of range");
  } catch (const cg::Error& e) {
    if (e.code() != cg::ErrorCode::bad_request || e.fields().size() != 1 ||
        e.fields()[0].field != "limit")
      cg::fuzz::fail("limit refused the wrong way");
  }
  for (const char* kind : {"org", "audit"}) {
    try {
      const int64_t id = cg::api::page_cursor(req, kind);
      if (id < 0) cg::fuzz::fail("negative cursor id");
      if (id > 0) {
        cg::http::Request again;
        again.query.emplace("cursor", cg::api::make_cursor(kind, id));
        if (cg::api::page_cursor(again, kind) != id) cg::fuzz::fail("cursor does not round-trip");
      }
    } catch (const cg::Error& e) {
      if (e.code() != cg::ErrorCode::bad_request || e.fields().size() != 1 ||
          e.fields()[0].field != "cursor")
        cg::fuzz::fail("cursor refused the wrong way");
      if (!cg::fuzz::dumps(e.what())) cg::fuzz::fail("message is not UTF-8");
    }
  }
  return 0;
}
