#pragma once
// Writing CSV (RFC 4180): fields with commas, quotes or line breaks are quoted. Cells that a
// spreadsheet would run as a formula are prefixed with ' so that a downloaded file cannot carry
// a formula attack (see starts_formula).
#include <string>
#include <string_view>
#include <vector>

namespace cg::csv {

// Whether a spreadsheet opening this text in a cell could read it as a formula: its first
// character other than white space and control characters (spreadsheets skip a leading TAB,
// CR, LF or space before looking for one) is = + - or @.
bool starts_formula(std::string_view value);

std::string field(const std::string& value);
std::string row(const std::vector<std::string>& fields);  // ends with CRLF

}  // namespace cg::csv
