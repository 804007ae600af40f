#include "core/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace cg::xlsx {

std::string workbook(const std::string& sheet_name, const Rows& rows) {
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
  lxw_worksheet* sheet = workbook_add_worksheet(book, sheet_name.substr(0, 31).c_str());
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      // Strings are written as strings, never formulas, whatever they start with.
      worksheet_write_string(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                             rows[r][c].c_str(), r == 0 ? bold : nullptr);
    }
  }
  if (!rows.empty()) worksheet_freeze_panes(sheet, 1, 0);
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

}  // namespace cg::xlsx
