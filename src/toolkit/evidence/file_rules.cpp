#include "toolkit/evidence/file_rules.h"

#include <algorithm>
#include <cctype>

#include "core/utf8.h"

namespace cg::toolkit {

namespace {

std::string extension_of(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool starts_with(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

}  // namespace

FileCheck check_evidence_file(std::string_view file_name, std::string_view bytes) {
  FileCheck r;
  if (file_name.empty() || bytes.empty()) {
    r.problem = "Choose a file to upload";
    return r;
  }
  if (bytes.size() > kMaxEvidenceFileBytes) {
    r.problem = "The file must be smaller than 5 MB";
    return r;
  }
  const std::string ext = extension_of(file_name);
  struct Kind {
    const char* ext;
    const char* magic;
    const char* type;
  };
  static const Kind kinds[] = {
      {"pdf", "%PDF-", "application/pdf"},
      {"png", "\x89PNG\r\n\x1a\n", "image/png"},
      {"jpg", "\xff\xd8\xff", "image/jpeg"},
      {"jpeg", "\xff\xd8\xff", "image/jpeg"},
      {"docx", "PK\x03\x04",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"xlsx", "PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"pptx", "PK\x03\x04",
       "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"odt", "PK\x03\x04", "application/vnd.oasis.opendocument.text"},
      {"ods", "PK\x03\x04", "application/vnd.oasis.opendocument.spreadsheet"},
  };
  for (const auto& k : kinds) {
    if (ext != k.ext) continue;
    if (!starts_with(bytes, k.magic)) {
      r.problem = "The file says it is a ." + ext +
                  " file but its content is not. Save it again and upload that";
      return r;
    }
    r.ok = true;
    r.content_type = k.type;
    return r;
  }
  if (ext == "txt" || ext == "csv") {
    if (!is_utf8_text(bytes)) {
      r.problem = "The text file has characters we cannot read. Save it as UTF-8 text";
      return r;
    }
    r.ok = true;
    r.content_type = ext == "csv" ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8";
    return r;
  }
  r.problem =
      "The file must be a PDF, a picture (PNG or JPEG), a Word, Excel, PowerPoint or OpenDocument "
      "file, or plain text";
  return r;
}

std::string safe_file_name(std::string_view file_name) {
  // Browsers may send a full path; keep the last part.
  auto slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name = file_name.substr(slash + 1);
  std::string out;
  for (char c : file_name)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == ' ')
      out.push_back(c);
  if (out.size() > 120) out = out.substr(out.size() - 120);
  if (out.empty() || out.find_first_not_of(". ") == std::string::npos) out = "evidence";
  return out;
}

}  // namespace cg::toolkit
