#pragma once
// Dashboard downloads: several titled tables in one file. CSV puts them one after another
// (a title line, the header, the rows, a blank line); XLSX gives each its own sheet, with
// whole numbers written as numbers and everything else as text (never as a formula).
#include <string>
#include <vector>

namespace cg::oversight {

struct ExportTable {
  std::string title;  // also the sheet name (cut to 31 characters)
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::string tables_csv(const std::vector<ExportTable>& tables);
std::string tables_xlsx(const std::vector<ExportTable>& tables);

}  // namespace cg::oversight
