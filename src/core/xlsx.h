#pragma once
// One-sheet spreadsheets (XLSX) for people who live in spreadsheets, written with
// libxlsxwriter: a bold header row, then the rows as text.
#include <string>
#include <vector>

namespace cg::xlsx {

using Rows = std::vector<std::vector<std::string>>;

// The first row is the header. Returns the bytes of an .xlsx file.
std::string workbook(const std::string& sheet_name, const Rows& rows);

}  // namespace cg::xlsx
