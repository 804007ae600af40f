#pragma once
// Which uploaded files are accepted as evidence: the kinds people keep evidence in (PDF,
// pictures, office documents, plain text), recognised by their first bytes and their name,
// never by what the browser claims. Anything else is refused with a plain message.
#include <optional>
#include <string>
#include <string_view>

namespace cg::toolkit {

inline constexpr size_t kMaxEvidenceFileBytes = 5 * 1024 * 1024;
inline constexpr int kMaxEvidenceFilesPerOrg = 500;

struct FileCheck {
  bool ok = false;
  std::string content_type;  // set when ok
  std::string problem;       // plain English, set when not ok
};

FileCheck check_evidence_file(std::string_view file_name, std::string_view bytes);
// A file name safe to send back in Content-Disposition: letters, digits, . - _ and spaces.
std::string safe_file_name(std::string_view file_name);

}  // namespace cg::toolkit
