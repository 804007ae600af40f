#include "oversight/dashboard_export.h"

#include "core/csv.h"
#include "core/xlsx.h"

namespace cg::oversight {
std::string tables_csv(const std::vector<ExportTable>& tables) {
  std::string out;
  for (size_t t = 0; t < tables.size(); ++t) {
    if (t) out += "\r\n";
    out += csv::row({tables[t].title});
    out += csv::row(tables[t].header);
    for (const auto& r : tables[t].rows) out += csv::row(r);
  }
  return out;
}

std::string tables_xlsx(const std::vector<ExportTable>& tables) {
  std::vector<xlsx::Sheet> sheets;
  for (const auto& t : tables) {
    xlsx::Rows rows{t.header};
    rows.insert(rows.end(), t.rows.begin(), t.rows.end());
    sheets.push_back({t.title, std::move(rows), true});
  }
  if (sheets.empty()) sheets.push_back({"Dashboard", {}, true});
  return xlsx::workbook(sheets);
}

}  // namespace cg::oversight
