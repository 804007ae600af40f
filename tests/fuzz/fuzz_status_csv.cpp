// Fuzzes the published status list reader (oversight/import/status_list): the input is the
// uploaded CSV file. cg::Error(validation) naming the file is the expected refusal of a whole
// file. Otherwise every data line is either accepted as a row or reported once, with its own
// line number, in line order; accepted rows hold only values the rules allow; and every
// message is valid UTF-8 when the line it quotes is (the import page and the CLI show them).
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "core/error.h"
#include "fuzz_support.h"
#include "identity/org_rules.h"
#include "oversight/import/status_list.h"
#include "toolkit/rules/rule.h"

namespace {

using namespace cg;
using namespace cg::oversight::import;

constexpr const char* kToday = "2026-11-22";

// Lines as the reader numbers them: split on '\n' after an optional UTF-8 byte order mark.
int count_lines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.empty()) return 0;
  int lines = 1;
  for (size_t i = 0; i + 1 < text.size(); ++i) lines += text[i] == '\n';
  return lines;
}

// The text of line `number` (1-based).
std::string_view line_at(std::string_view text, int number) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t start = 0;
  for (int n = 1; n < number; ++n) start = text.find('\n', start) + 1;
  return text.substr(start, text.find('\n', start) - start);
}

void check_helpers(const std::string& text) {
  if (auto d = parse_day_month_year(text); d && !toolkit::valid_date(*d))
    fuzz::fail("parse_day_month_year gave an impossible date");
  if (auto s = parse_status(text); s && s->edition.empty() != s->status.empty())
    fuzz::fail("parse_status gave an edition without a status");
  (void)type_for_sector(text);
  (void)column_for_title(text);
  const SplitLine split = split_csv_line(text);
  if (split.problem.empty() && split.fields.empty()) fuzz::fail("split gave no fields");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_helpers(std::string(text.substr(0, 200)));
  StatusList list;
  try {
    list = parse_status_list(text, kToday);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::validation || e.fields().size() != 1 ||
        e.fields()[0].field != "file")
      fuzz::fail("a whole file refused the wrong way");
    if (!fuzz::dumps(e.what())) fuzz::fail("file message is not UTF-8");
    return 0;
  }
  const int lines = count_lines(text);
  if (list.data_lines != static_cast<int>(list.rows.size() + list.problems.size()))
    fuzz::fail("a data line was neither accepted nor reported, or both");

  std::set<int> seen;
  int last_problem = 1;
  for (const auto& p : list.problems) {
    if (p.line <= last_problem || p.line > lines) fuzz::fail("problem lines out of order or range");
    last_problem = p.line;
    if (!seen.insert(p.line).second) fuzz::fail("a line reported twice");
    if (p.reason.empty()) fuzz::fail("a problem without a reason");
    if (fuzz::dumps(std::string(line_at(text, p.line))) &&
        (!fuzz::dumps(p.reason) || !fuzz::dumps(p.code)))
      fuzz::fail("a reason is not UTF-8 though its line is");
  }
  std::set<std::string> codes;
  int previous = 1;
  for (const auto& r : list.rows) {
    if (r.line <= previous || r.line > lines) fuzz::fail("row lines out of order or range");
    previous = r.line;
    if (!seen.insert(r.line).second) fuzz::fail("a line both accepted and reported");
    if (!identity::ods_code_problem(r.code).empty()) fuzz::fail("accepted a bad code");
    if (!codes.insert(r.code).second) fuzz::fail("accepted a code twice");
    if (r.name.empty() || r.name.size() > 200 || r.board.size() > 200)
      fuzz::fail("accepted a bad name or board");
    if (r.edition.empty() != r.status.empty() || r.edition.empty() != r.published_on.empty())
      fuzz::fail("edition, status and date do not go together");
    if (!r.published_on.empty() &&
        (!toolkit::valid_date(r.published_on) || r.published_on > kToday))
      fuzz::fail("accepted a bad publication date");
  }
  return 0;
}
