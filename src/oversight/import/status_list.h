#pragma once
// Reading a published status list: the CSV the national team publishes with one row per
// organisation and the columns
//   Code, Organisation Name, Status, Date Of Publication, Primary Sector, Integrated Care Board
// Pure rules, no database: the importer applies what these return.
//
// - Column titles match case-insensitively and by their leading words, so "Integrated Care
//   Board (where available, from ODS)" is the board column. When two titles could be the same
//   column the exact one wins ("Code" over "Code Type"); with no exact one the file is refused
//   as ambiguous. Other columns are ignored. A file without all six columns is refused whole.
// - Fields may be quoted ("Smith, Jones and Co"), with "" for a quote inside. Each record is
//   one line: a line break inside a field is not accepted, so a broken quote spoils only its
//   own line.
// - Status: "NN/NN Standards Met", "NN/NN Standards Exceeded", "NN/NN Approaching Standards",
//   "NN/NN Standards Not Met" or "Not Published". Dates: dd/mm/yyyy.
// Every row that breaks a rule is reported with its line number and reason; the others are
// returned to be applied.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "identity/model.h"

namespace cg::oversight::import {

inline constexpr size_t kMaxFileBytes = 32 * 1024 * 1024;
inline constexpr size_t kMaxRows = 200000;

enum class Column { code, name, status, published, sector, board };
inline constexpr Column kAllColumns[] = {Column::code,      Column::name,   Column::status,
                                         Column::published, Column::sector, Column::board};
const char* column_title(Column c);  // "Organisation Name"

// The column a header cell names, if any, and whether it names it exactly: "ORGANISATION NAME"
// matches exactly, "Integrated Care Board (where available, from ODS)" by its leading words,
// "Codename" not at all.
struct TitleMatch {
  Column column = Column::code;
  bool exact = false;
};
std::optional<TitleMatch> column_for_title(const std::string& title);

// Splits one line into fields. Returns a reason when the quoting is broken.
struct SplitLine {
  std::vector<std::string> fields;
  std::string problem;
};
SplitLine split_csv_line(std::string_view line);

struct ParsedStatus {
  std::string edition;  // "2025-26"; "" for Not Published
  std::string status;   // not_met, approaching, met, exceeded; "" for Not Published
};
std::optional<ParsedStatus> parse_status(const std::string& text);

// "14/03/2026" -> "2026-03-14"; nullopt when not a real day in that form.
std::optional<std::string> parse_day_month_year(const std::string& text);

// The organisation type a primary sector stands for ("Care Home" -> care_home,
// "Social Care" -> other_social_care, "GP" -> gp_practice ...); nullopt when unknown.
std::optional<identity::OrgType> type_for_sector(const std::string& sector);
// The sectors accepted, for messages.
const char* known_sectors();

struct StatusRow {
  int line = 0;      // line number in the file (the header is line 1)
  std::string code;  // upper-case ODS code
  std::string name;
  std::string edition;       // "" when Not Published
  std::string status;        // "" when Not Published
  std::string published_on;  // YYYY-MM-DD, "" when Not Published
  identity::OrgType type = identity::OrgType::other_social_care;
  std::string board;  // as written, may be empty
};

struct RowProblem {
  int line = 0;
  std::string code;    // as written, may be empty
  std::string reason;  // a plain sentence
};

struct StatusList {
  std::vector<StatusRow> rows;
  std::vector<RowProblem> problems;  // in line order
  int data_lines = 0;                // lines after the header that were not blank
};

// Reads a whole file. `today` (YYYY-MM-DD) refuses publication dates in the future. Throws
// cg::Error(validation) naming the problem when the file cannot be read as a status list at
// all: too large, empty, not text, or missing columns.
StatusList parse_status_list(std::string_view text, const std::string& today);

}  // namespace cg::oversight::import
