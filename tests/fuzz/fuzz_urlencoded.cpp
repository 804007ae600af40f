// Fuzzes the URL-encoded form parser and percent-decoding (form bodies and query strings).
// cg::Error is the expected rejection of malformed input; anything else crashes the run.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    auto params = cg::http::parse_urlencoded(input);
    for (const auto& [k, v] : params) {
      // Re-encoding a decoded value and decoding it again must give the value back.
      if (cg::http::percent_decode(cg::http::percent_encode(v), true) != v) std::abort();
      (void)k;
    }
  } catch (const cg::Error&) {
  }
  for (bool plus_as_space : {false, true}) {
    try {
      (void)cg::http::percent_decode(input, plus_as_space);
    } catch (const cg::Error&) {
    }
  }
  // percent_encode never throws, and its output always decodes back to the input.
  if (cg::http::percent_decode(cg::http::percent_encode(input), false) != input) std::abort();
  return 0;
}
