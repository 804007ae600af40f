#include "toolkit/evidence/file_rules.h"

#include <gtest/gtest.h>

namespace {

using namespace cg::toolkit;

TEST(EvidenceFiles, AcceptedByContentAndName) {
  struct Case {
    const char* name;
    std::string bytes;
    bool ok;
    const char* type_or_problem;
  };
  const Case cases[] = {
      {"backup-test.pdf", "%PDF-1.7\n...", true, "application/pdf"},
      {"photo.JPG", std::string("\xff\xd8\xff\xe0rest", 8), true, "image/jpeg"},
      {"screen.png", std::string("\x89PNG\r\n\x1a\nIHDR", 12), true, "image/png"},
      {"policy.docx", std::string("PK\x03\x04rest", 8), true, "wordprocessingml"},
      {"notes.txt", "Backups tested on 3 March", true, "text/plain"},
      {"staff.csv", "name,trained\nGrace,yes\n", true, "text/csv"},
      {"fake.pdf", "MZ\x90\x00 this is a program", false, "its content is not"},
      {"virus.exe", "MZ\x90", false, "must be a PDF"},
      {"script.html", "<script>", false, "must be a PDF"},
      {"binary.txt", std::string("a\0b", 3), false, "UTF-8"},
      {"bad-utf8.txt", "\xc3\x28", false, "UTF-8"},
      // An overlong form the old check let through (found by fuzz_evidence_file).
      {"overlong.txt", "C\xe0\x9e\x93og", false, "UTF-8"},
      {"", "%PDF-", false, "Choose a file"},
      {"empty.pdf", "", false, "Choose a file"},
      {"huge.pdf", "%PDF-" + std::string(kMaxEvidenceFileBytes, 'x'), false, "smaller than 5 MB"},
  };
  for (const auto& c : cases) {
    FileCheck r = check_evidence_file(c.name, c.bytes);
    EXPECT_EQ(r.ok, c.ok) << c.name;
    const std::string& text = r.ok ? r.content_type : r.problem;
    EXPECT_NE(text.find(c.type_or_problem), std::string::npos) << c.name << ": " << text;
  }
}

TEST(EvidenceFiles, NamesAreMadeSafe) {
  const std::pair<const char*, const char*> cases[] = {
      {"C:\\Users\\grace\\Backup test.pdf", "Backup test.pdf"},
      {"../../etc/passwd", "passwd"},
      {"report\";x=\".pdf", "reportx.pdf"},
      {"...", "evidence"},
      {"", "evidence"},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(safe_file_name(in), out) << in;
}

}  // namespace
