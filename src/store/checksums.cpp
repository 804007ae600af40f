#include "store/checksums.h"

#include <algorithm>
#include <cstdio>

#include "core/crypto.h"

namespace cg::store {

namespace {

std::vector<std::string> table_names(Connection& c) {
  auto r = c.dialect() == Dialect::sqlite
               ? c.exec(
                     "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                     "'sqlite_%' ORDER BY name")
               : c.exec(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                     "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name");
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(row.text(0));
  return out;
}

// One value with its kind, so NULL, 0, 0.0 and "0" never look alike.
void append(std::string& out, const Value& v) {
  if (std::holds_alternative<Null>(v)) {
    out += "n;";
  } else if (const auto* i = std::get_if<int64_t>(&v)) {
    out += "i" + std::to_string(*i) + ";";
  } else if (const auto* d = std::get_if<double>(&v)) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    out += std::string("d") + buf + ";";
  } else {
    const auto& s = std::get<std::string>(v);
    out += "s" + std::to_string(s.size()) + ":" + s + ";";
  }
}

}  // namespace

std::map<std::string, std::string> table_checksums(Connection& c) {
  std::map<std::string, std::string> out;
  for (const auto& table : table_names(c)) {
    // Names come from the catalogue, not from outside, and are quoted all the same.
    auto r = c.exec("SELECT * FROM \"" + table + "\"");
    std::vector<std::string> rows;
    rows.reserve(r.rows.size());
    for (const auto& row : r.rows) {
      std::string line;
      for (const auto& v : row.values) append(line, v);
      rows.push_back(std::move(line));
    }
    std::sort(rows.begin(), rows.end());
    std::string all;
    for (const auto& line : rows) all += line + "\n";
    out[table] = std::to_string(rows.size()) + ":" + crypto::sha256_hex(all);
  }
  return out;
}

}  // namespace cg::store
