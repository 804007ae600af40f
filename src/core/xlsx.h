#pragma once
// Spreadsheets (XLSX) for people who live in spreadsheets, written with libxlsxwriter: each
// sheet has a bold, frozen header row; cells are text (never formulas, whatever they start with)
// or, where asked, whole numbers written as numbers.
#include <string>
#include <vector>

namespace cg::xlsx {

using Rows = std::vector<std::vector<std::string>>;

struct Sheet {
  std::string name;            // cut to 31 characters, []:*?/\ replaced, made unique
  Rows rows;                   // the first row is the header
  bool whole_numbers = false;  // write cells like "42" as numbers
};

// Returns the bytes of an .xlsx file with the sheets in order (one empty sheet when none).
std::string workbook(const std::vector<Sheet>& sheets);
std::string workbook(const std::string& sheet_name, const Rows& rows);

}  // namespace cg::xlsx
