#include "core/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.h"

namespace cg::xlsx {

namespace {

// A whole number written plainly ("0", "42", not "007" or "1e3"): safe to store as a number.
bool whole_number(const std::string& s) {
  if (s.empty() || s.size() > 15) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return true;
}

// Sheet names: at most 31 characters, none of []:*?/\ and unique in the book.
std::string sheet_name(const std::string& title, std::set<std::string>& used) {
  std::string base;
  for (char ch : title)
    base.push_back(std::string("[]:*?/\\").find(ch) == std::string::npos ? ch : ' ');
  if (base.empty()) base = "Sheet";
  base = base.substr(0, 31);
  std::string name = base;
  for (int n = 2; used.count(name); ++n) {
    const std::string suffix = " " + std::to_string(n);
    name = base.substr(0, 31 - suffix.size()) + suffix;
  }
  used.insert(name);
  return name;
}

}  // namespace

std::string workbook(const std::vector<Sheet>& sheets) {
  char path[] = "/tmp/careguard-xlsx-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    throw Error(ErrorCode::internal, "could not create a temporary file for the spreadsheet");
  close(fd);
  lxw_workbook* book = workbook_new(path);
  if (!book) {
    std::remove(path);
    throw Error(ErrorCode::internal, "could not start the spreadsheet");
  }
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  std::set<std::string> used;
  for (const auto& s : sheets) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, sheet_name(s.name, used).c_str());
    for (size_t r = 0; r < s.rows.size(); ++r)
      for (size_t c = 0; c < s.rows[r].size(); ++c) {
        const auto row = static_cast<lxw_row_t>(r);
        const auto col = static_cast<lxw_col_t>(c);
        const std::string& v = s.rows[r][c];
        if (r > 0 && s.whole_numbers && whole_number(v))
          worksheet_write_number(sheet, row, col, std::stod(v), nullptr);
        else
          worksheet_write_string(sheet, row, col, v.c_str(), r == 0 ? bold : nullptr);
      }
    if (!s.rows.empty()) worksheet_freeze_panes(sheet, 1, 0);
  }
  if (sheets.empty()) workbook_add_worksheet(book, "Sheet");
  lxw_error rc = workbook_close(book);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::remove(path);
  if (rc != LXW_NO_ERROR)
    throw Error(ErrorCode::internal,
                std::string("could not write the spreadsheet: ") + lxw_strerror(rc));
  return ss.str();
}

std::string workbook(const std::string& sheet_name, const Rows& rows) {
  return workbook(std::vector<Sheet>{{sheet_name, rows, false}});
}

}  // namespace cg::xlsx
