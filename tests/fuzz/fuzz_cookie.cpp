// Fuzzes Request::cookie on an arbitrary Cookie header value.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "http/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cg::http::Request req;
  const std::string header(reinterpret_cast<const char*>(data), size);
  req.headers["Cookie"] = header;
  try {
    for (const char* name : {"cg_session", "cg_csrf", "", "a"}) {
      const std::string value = req.cookie(name);
      if (value.size() > header.size()) std::abort();
    }
    // A name taken from the input itself (up to the first '='), so matches actually happen.
    const auto eq = header.find('=');
    if (eq != std::string::npos) (void)req.cookie(header.substr(0, eq));
  } catch (const cg::Error&) {
  }
  return 0;
}
