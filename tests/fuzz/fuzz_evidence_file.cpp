// Fuzzes the evidence upload checks (toolkit/evidence/file_rules): the first input line is the
// file name the browser sent, the rest the file's bytes. A file is either accepted with a
// content type or refused with a plain message; the name kept for Content-Disposition holds
// only letters, digits, '.', '-', '_' and spaces, is never empty, never only dots and spaces,
// and at most 120 characters.
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "toolkit/evidence/file_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  const std::string_view name = input.substr(0, nl);
  const std::string_view bytes =
      nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);

  const cg::toolkit::FileCheck check = cg::toolkit::check_evidence_file(name, bytes);
  if (check.ok == check.content_type.empty() || check.ok != check.problem.empty())
    cg::fuzz::fail("a file must be accepted with a type or refused with a reason");
  if (check.ok && check.content_type.rfind("text/", 0) == 0 && !cg::fuzz::dumps(std::string(bytes)))
    cg::fuzz::fail("accepted a text file that is not UTF-8");

  const std::string safe = cg::toolkit::safe_file_name(name);
  if (safe.empty() || safe.size() > 120 || safe.find_first_not_of(". ") == std::string::npos)
    cg::fuzz::fail("unsafe file name length");
  for (char c : safe)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_' &&
        c != ' ')
      cg::fuzz::fail("unsafe character in the file name");
  return 0;
}
