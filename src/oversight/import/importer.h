#pragma once
// Applies a published status list: creates or updates each organisation by its Code, places
// new ones in the ICS the Integrated Care Board column names, and records each published status
// (source "import") so dashboards and the public search show it. Importing the same file again
// changes nothing. Rows that cannot be applied are reported with their line and reason and
// change nothing; the rest are applied.
//
// Speed and consistency: keeping the sector counters in step row by row (oversight::
// record_status) costs about forty statements a row, minutes for a national list on
// PostgreSQL. Instead every row is checked against what exists (read in a few queries) before
// anything is written, the changes are written with one to three statements a row, and the
// counters are recounted once (oversight::rebuild), all in one transaction with the audit entry:
// a national list of 45,000 organisations takes seconds, and the counters agree with a recount
// at every commit.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "identity/policy.h"
#include "oversight/import/status_list.h"
#include "store/database.h"

namespace cg::toolkit {
class Library;
}

namespace cg::oversight::import {

struct ImportOptions {
  std::string source_name;                       // file name, for the audit entry
  std::map<std::string, std::string> deadlines;  // edition -> publication deadline YYYY-MM-DD
};

struct ImportSummary {
  int rows = 0;  // data lines read
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  int skipped = 0;
  std::vector<RowProblem> problems;  // the skipped rows, in line order
};

// The publication deadline of each toolkit edition in the Library.
std::map<std::string, std::string> deadlines_from(const toolkit::Library& library);
// An edition's deadline: the Library's when known, else 30 June of its second year.
std::string edition_deadline(const std::map<std::string, std::string>& deadlines,
                             const std::string& edition);

// Throws cg::Error(forbidden) unless the actor may import statuses for the national
// organisation, and cg::Error(validation) when the file is refused whole.
ImportSummary import_status_list(cg::store::Database& db, const identity::Actor& actor,
                                 std::string_view text, const ImportOptions& options, int64_t now);

}  // namespace cg::oversight::import
