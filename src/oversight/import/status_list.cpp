#include "oversight/import/status_list.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <unordered_map>

#include "core/error.h"
#include "identity/org_rules.h"
#include "oversight/public_status.h"

namespace cg::oversight::import {

namespace {

std::string trimmed(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t extra = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      if (c == 0) return false;
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto n = static_cast<unsigned char>(s[i + k]);
      if ((n & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (n & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string quoted(const std::string& value) {
  constexpr size_t kShown = 60;
  if (value.size() <= kShown) return "'" + value + "'";
  // Cut between characters, not inside one: back up over UTF-8 continuation bytes.
  size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return "'" + value.substr(0, cut) + "...'";
}

std::string with_commas(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

const char* column_title(Column c) {
  switch (c) {
    case Column::code:
      return "Code";
    case Column::name:
      return "Organisation Name";
    case Column::status:
      return "Status";
    case Column::published:
      return "Date Of Publication";
    case Column::sector:
      return "Primary Sector";
    case Column::board:
      return "Integrated Care Board";
  }
  return "";
}

std::optional<TitleMatch> column_for_title(const std::string& title) {
  const std::string t = lower_words(title);
  for (Column c : kAllColumns) {
    const std::string name = lower_words(column_title(c));
    if (t == name) return TitleMatch{c, true};
    // Leading words: the name, then a word boundary ("Board (where ...", "Board, from ODS").
    if (t.size() > name.size() && t.compare(0, name.size(), name) == 0 &&
        !std::isalnum(static_cast<unsigned char>(t[name.size()])))
      return TitleMatch{c, false};
  }
  return std::nullopt;
}

SplitLine split_csv_line(std::string_view line) {
  SplitLine out;
  std::string field;
  size_t i = 0;
  const size_t n = line.size();
  while (true) {
    field.clear();
    // Spaces before an opening quote are allowed.
    size_t j = i;
    while (j < n && (line[j] == ' ' || line[j] == '\t')) ++j;
    if (j < n && line[j] == '"') {
      i = j + 1;
      bool closed = false;
      while (i < n) {
        if (line[i] == '"') {
          if (i + 1 < n && line[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        field.push_back(line[i++]);
      }
      if (!closed) {
        out.problem =
            "a quoted field is not closed: add the missing \" (line breaks inside "
            "fields are not accepted)";
        return out;
      }
      while (i < n && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < n && line[i] != ',') {
        out.problem = "field " + std::to_string(out.fields.size() + 1) +
                      " has text after its closing quote: write a quote inside a quoted field "
                      "as \"\"";
        return out;
      }
    } else {
      while (i < n && line[i] != ',') {
        if (line[i] == '"') {
          out.problem = "field " + std::to_string(out.fields.size() + 1) +
                        " has a quote in the middle: put the whole field in quotes and write "
                        "the quote as \"\"";
          return out;
        }
        field.push_back(line[i++]);
      }
    }
    out.fields.push_back(field);
    if (i >= n) break;
    ++i;  // the comma
    if (i == n) {
      out.fields.emplace_back();
      break;
    }
  }
  return out;
}

std::optional<ParsedStatus> parse_status(const std::string& text) {
  const std::string t = lower_words(text);
  if (t == "not published") return ParsedStatus{};
  // "25/26 standards met"
  if (t.size() < 7 || t[2] != '/' || t[5] != ' ') return std::nullopt;
  const std::string first = t.substr(0, 2), second = t.substr(3, 2);
  if (!all_digits(first) || !all_digits(second)) return std::nullopt;
  const int a = std::stoi(first), b = std::stoi(second);
  if ((a + 1) % 100 != b) return std::nullopt;
  static const std::map<std::string, std::string> kLabels = {
      {"standards met", "met"},
      {"standards exceeded", "exceeded"},
      {"approaching standards", "approaching"},
      {"standards not met", "not_met"}};
  auto it = kLabels.find(t.substr(6));
  if (it == kLabels.end()) return std::nullopt;
  return ParsedStatus{"20" + first + "-" + second, it->second};
}

std::optional<std::string> parse_day_month_year(const std::string& raw) {
  const std::string text = trimmed(raw);
  const size_t s1 = text.find('/');
  const size_t s2 = s1 == std::string::npos ? s1 : text.find('/', s1 + 1);
  if (s2 == std::string::npos) return std::nullopt;
  const std::string d = text.substr(0, s1), m = text.substr(s1 + 1, s2 - s1 - 1),
                    y = text.substr(s2 + 1);
  if (!all_digits(d) || !all_digits(m) || !all_digits(y) || d.size() > 2 || m.size() > 2 ||
      y.size() != 4)
    return std::nullopt;
  const int day = std::stoi(d), month = std::stoi(m), year = std::stoi(y);
  if (year < 2000 || year > 2100 || month < 1 || month > 12 || day < 1) return std::nullopt;
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day > last) return std::nullopt;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return std::string(buf);
}

std::optional<identity::OrgType> type_for_sector(const std::string& sector) {
  using identity::OrgType;
  static const std::unordered_map<std::string, OrgType> kSectors = {
      {"care home", OrgType::care_home},
      {"care homes", OrgType::care_home},
      {"nursing home", OrgType::care_home},
      {"residential care", OrgType::care_home},
      {"home care", OrgType::home_care},
      {"homecare", OrgType::home_care},
      {"domiciliary care", OrgType::home_care},
      {"supported living", OrgType::supported_living},
      {"social care", OrgType::other_social_care},
      {"adult social care", OrgType::other_social_care},
      {"other social care", OrgType::other_social_care},
      {"other adult social care", OrgType::other_social_care},
      {"gp", OrgType::gp_practice},
      {"gp practice", OrgType::gp_practice},
      {"general practice", OrgType::gp_practice},
      {"trust", OrgType::nhs_trust},
      {"nhs trust", OrgType::nhs_trust},
      {"foundation trust", OrgType::nhs_trust},
      {"nhs foundation trust", OrgType::nhs_trust},
      {"pharmacy", OrgType::pharmacy},
      {"community pharmacy", OrgType::pharmacy},
      {"local authority", OrgType::local_authority},
  };
  auto it = kSectors.find(lower_words(sector));
  if (it == kSectors.end()) return std::nullopt;
  return it->second;
}

const char* known_sectors() {
  return "Care Home, Home Care, Supported Living, Social Care, GP, Trust, Pharmacy or Local "
         "Authority";
}

StatusList parse_status_list(std::string_view text, const std::string& today) {
  auto refuse = [](const std::string& message) {
    throw Error(ErrorCode::validation, message, {{"file", message}});
  };
  if (text.size() > kMaxFileBytes)
    refuse("The file is larger than " + std::to_string(kMaxFileBytes / (1024 * 1024)) +
           " MB: split it into smaller files");
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.find('\0') != std::string_view::npos)
    refuse("The file is not a CSV text file: save it from your spreadsheet as CSV");

  // Lines, with their numbers.
  std::vector<std::pair<int, std::string_view>> lines;
  {
    size_t start = 0;
    int number = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++number;
      if (!trimmed(line).empty()) lines.emplace_back(number, line);
      if (lines.size() > kMaxRows + 1)
        refuse("The file has more than " + with_commas(kMaxRows) +
               " rows: split it into smaller files");
      start = end + 1;
    }
  }
  if (lines.empty()) refuse("The file is empty: choose a published status list");

  // The header.
  const auto [header_line, header_text] = lines.front();
  auto header = split_csv_line(header_text);
  if (!header.problem.empty())
    refuse("The first line (the column titles) cannot be read: " + header.problem);
  std::map<Column, std::vector<std::pair<size_t, bool>>> candidates;
  for (size_t i = 0; i < header.fields.size(); ++i)
    if (auto m = column_for_title(header.fields[i]))
      candidates[m->column].emplace_back(i, m->exact);
  std::map<Column, size_t> index;
  std::string missing;
  for (Column c : kAllColumns) {
    const auto& list = candidates[c];
    if (list.empty()) {
      missing += std::string(missing.empty() ? "" : ", ") + column_title(c);
      continue;
    }
    std::vector<size_t> exact;
    for (const auto& [i, is_exact] : list)
      if (is_exact) exact.push_back(i);
    if (exact.size() == 1)
      index[c] = exact.front();
    else if (exact.empty() && list.size() == 1)
      index[c] = list.front().first;
    else
      refuse(std::string("The first line has more than one column that could be \"") +
             column_title(c) + "\": keep one of them");
  }
  if (!missing.empty())
    refuse(
        "The first line must give the column titles Code, Organisation Name, Status, Date Of "
        "Publication, Primary Sector and Integrated Care Board. Missing: " +
        missing);

  StatusList out;
  std::unordered_map<std::string, int> first_line_of;
  const size_t width = header.fields.size();
  size_t needed = 0;
  for (const auto& [column, i] : index) needed = std::max(needed, i + 1);
  for (size_t k = 1; k < lines.size(); ++k) {
    // Plain variables, not a structured binding: clang before 16 cannot capture one in a lambda.
    const int number = lines[k].first;
    const std::string_view line = lines[k].second;
    ++out.data_lines;
    auto problem = [&](std::string code, std::string reason) {
      out.problems.push_back({number, std::move(code), std::move(reason)});
    };
    if (!valid_utf8(line)) {
      problem("", "the line is not UTF-8 text: save the file as \"CSV UTF-8\"");
      continue;
    }
    auto split = split_csv_line(line);
    if (!split.problem.empty()) {
      problem("", split.problem);
      continue;
    }
    auto& f = split.fields;
    // Trailing empty fields (spreadsheets sometimes add them) are harmless, and so are missing
    // fields after the last column used (an unquoted comma in an ignored column's title).
    while (f.size() > width && trimmed(f.back()).empty()) f.pop_back();
    if (f.size() > width || f.size() < needed) {
      problem("",
              "the line has " + std::to_string(f.size()) + " fields but the first line has " +
                  std::to_string(width) +
                  (f.size() > width ? ": put any text containing a comma in double quotes" : ""));
      continue;
    }
    auto at = [&](Column c) { return trimmed(f[index.at(c)]); };
    StatusRow row;
    row.line = number;
    const std::string raw_code = at(Column::code);
    std::vector<std::string> reasons;
    row.code = identity::normalise_ods_code(raw_code);
    if (row.code.empty()) {
      reasons.push_back("Code is empty");
    } else if (auto p = identity::ods_code_problem(row.code); !p.empty()) {
      reasons.push_back("Code " + quoted(raw_code) + " is not an ODS code: " + p);
    }
    row.name = at(Column::name);
    if (row.name.empty())
      reasons.push_back("Organisation Name is empty");
    else if (row.name.size() > 200)
      reasons.push_back("Organisation Name is longer than 200 characters");
    const std::string status_text = at(Column::status);
    auto status = parse_status(status_text);
    if (!status) {
      reasons.push_back("Status " + quoted(status_text) +
                        " is not one of \"NN/NN Standards Met\", \"NN/NN Standards Exceeded\", "
                        "\"NN/NN Approaching Standards\", \"NN/NN Standards Not Met\" or \"Not "
                        "Published\"");
    } else {
      row.edition = status->edition;
      row.status = status->status;
    }
    const std::string date_text = at(Column::published);
    if (status && !status->edition.empty()) {
      if (date_text.empty()) {
        reasons.push_back("Date Of Publication is empty for a published status");
      } else if (auto d = parse_day_month_year(date_text); !d) {
        reasons.push_back("Date Of Publication " + quoted(date_text) +
                          " is not a date in the form dd/mm/yyyy");
      } else if (*d > today) {
        reasons.push_back("Date Of Publication " + quoted(date_text) + " is in the future");
      } else {
        row.published_on = *d;
      }
    }
    const std::string sector = at(Column::sector);
    if (auto t = type_for_sector(sector)) {
      row.type = *t;
    } else if (sector.empty()) {
      reasons.push_back("Primary Sector is empty");
    } else {
      reasons.push_back("Primary Sector " + quoted(sector) + " is not one Careguard knows: use " +
                        known_sectors());
    }
    row.board = at(Column::board);
    if (row.board.size() > 200)
      reasons.push_back("Integrated Care Board is longer than 200 characters");
    if (reasons.empty() && !row.code.empty()) {
      auto [it, fresh] = first_line_of.emplace(row.code, number);
      if (!fresh)
        reasons.push_back("Code " + row.code + " is also on line " + std::to_string(it->second) +
                          ": each organisation may appear once");
    }
    if (!reasons.empty()) {
      std::string joined;
      for (const auto& r : reasons) joined += (joined.empty() ? "" : "; ") + r;
      problem(raw_code, joined);
      continue;
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace cg::oversight::import
