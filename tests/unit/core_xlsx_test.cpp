// The XLSX writer stores text as text: a cell starting = + - @ (after white space or not) is a
// shared string, never a formula, so an export cannot carry a formula attack.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <map>
#include <string>

#include "core/xlsx.h"

namespace {

uint32_t le(const std::string& s, size_t at, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(s.at(at + static_cast<size_t>(i)));
  return v;
}

// The files of a zip archive (stored or deflated), by name, read through its central directory.
std::map<std::string, std::string> unzip(const std::string& zip) {
  std::map<std::string, std::string> files;
  const size_t end = zip.rfind(std::string("PK\x05\x06", 4));
  if (end == std::string::npos) return files;
  const uint32_t count = le(zip, end + 10, 2);
  size_t entry = le(zip, end + 16, 4);
  for (uint32_t n = 0; n < count; ++n) {
    const uint32_t method = le(zip, entry + 10, 2);
    const uint32_t packed = le(zip, entry + 20, 4);
    const uint32_t size = le(zip, entry + 24, 4);
    const uint32_t name_len = le(zip, entry + 28, 2);
    const uint32_t extra_len = le(zip, entry + 30, 2);
    const uint32_t comment_len = le(zip, entry + 32, 2);
    const uint32_t local = le(zip, entry + 42, 4);
    const std::string name = zip.substr(entry + 46, name_len);
    const size_t data = local + 30 + le(zip, local + 26, 2) + le(zip, local + 28, 2);
    std::string out(size, '\0');
    if (method == 0) {
      out = zip.substr(data, size);
    } else {
      z_stream zs{};
      inflateInit2(&zs, -MAX_WBITS);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      zs.avail_in = packed;
      zs.next_out = reinterpret_cast<Bytef*>(out.data());
      zs.avail_out = size;
      inflate(&zs, Z_FINISH);
      inflateEnd(&zs);
    }
    files[name] = out;
    entry += 46 + name_len + extra_len + comment_len;
  }
  return files;
}

size_t occurrences(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(Xlsx, TextThatLooksLikeAFormulaIsWrittenAsAString) {
  const std::vector<std::string> dangerous = {"=1+1",
                                              "+44 1234",
                                              "-1",
                                              "@SUM(A1)",
                                              "\t=HYPERLINK(\"http://evil.example\")",
                                              "\r=1+1",
                                              " \t=cmd|' /C calc'!A0"};
  cg::xlsx::Rows rows = {{"Name"}};
  for (const auto& d : dangerous) rows.push_back({d});
  for (const bool whole_numbers : {false, true}) {
    const auto files = unzip(cg::xlsx::workbook({{"Sheet", rows, whole_numbers}}));
    ASSERT_TRUE(files.count("xl/worksheets/sheet1.xml")) << whole_numbers;
    ASSERT_TRUE(files.count("xl/sharedStrings.xml")) << whole_numbers;
    const std::string& sheet = files.at("xl/worksheets/sheet1.xml");
    const std::string& strings = files.at("xl/sharedStrings.xml");
    EXPECT_EQ(occurrences(sheet, "<f>"), 0u) << sheet;
    EXPECT_EQ(occurrences(sheet, "<f "), 0u) << sheet;
    // Every cell, the header too, refers to a shared string.
    EXPECT_EQ(occurrences(sheet, "<c "), rows.size()) << sheet;
    EXPECT_EQ(occurrences(sheet, " t=\"s\""), rows.size()) << sheet;
    EXPECT_NE(strings.find("<t>=1+1</t>"), std::string::npos) << strings;
    EXPECT_NE(strings.find("<t>@SUM(A1)</t>"), std::string::npos) << strings;
    EXPECT_NE(strings.find("<t>-1</t>"), std::string::npos) << strings;
  }
}

TEST(Xlsx, WholeNumbersAreNumbersOnlyWhenAsked) {
  const cg::xlsx::Rows rows = {{"Count"}, {"42"}, {"007"}, {"-3"}};
  const auto as_numbers = unzip(cg::xlsx::workbook({{"Sheet", rows, true}}));
  const std::string& sheet = as_numbers.at("xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<v>42</v>"), std::string::npos) << sheet;
  EXPECT_EQ(occurrences(sheet, " t=\"s\""), 3u) << sheet;  // header, "007" and "-3"
  const auto as_text = unzip(cg::xlsx::workbook("Sheet", rows));
  EXPECT_EQ(occurrences(as_text.at("xl/worksheets/sheet1.xml"), " t=\"s\""), 4u);
}

}  // namespace
