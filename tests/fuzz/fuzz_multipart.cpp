// Fuzzes the multipart/form-data parser. The first line of the input (up to '\n') is the
// Content-Type header value, the rest is the body.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/error.h"
#include "http/form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  std::string_view content_type = input.substr(0, nl);
  if (!content_type.empty() && content_type.back() == '\r') content_type.remove_suffix(1);
  const std::string_view body =
      nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
  for (size_t max_parts : {size_t{100}, size_t{2}}) {
    try {
      auto parts = cg::http::parse_multipart(body, content_type, max_parts);
      if (parts.size() > max_parts) std::abort();
      for (const auto& part : parts) {
        if (part.name.empty()) std::abort();  // the parser rejects parts without a name
        if (part.data.size() > body.size()) std::abort();
      }
    } catch (const cg::Error&) {
    }
  }
  return 0;
}
