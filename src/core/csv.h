#pragma once
// Writing CSV (RFC 4180): fields with commas, quotes or line breaks are quoted. Cells that a
// spreadsheet would run as a formula (starting = + - @) are prefixed with ' so that a
// downloaded file cannot carry a formula attack.
#include <string>
#include <vector>

namespace cg::csv {

std::string field(const std::string& value);
std::string row(const std::vector<std::string>& fields);  // ends with CRLF

}  // namespace cg::csv
