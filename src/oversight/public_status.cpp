#include "oversight/public_status.h"

#include <cctype>
#include <cstdlib>

#include "toolkit/scoring/status.h"

namespace cg::oversight {

std::optional<StatusRecord> current_of(const std::vector<StatusRecord>& statuses, int64_t now) {
  std::optional<StatusRecord> best;
  for (const auto& s : statuses)
    if (s.valid_until > now && (!best || s.edition > best->edition)) best = s;
  return best;
}

std::string status_label(const std::string& status) {
  using toolkit::Status;
  for (Status s : {Status::not_met, Status::approaching, Status::met, Status::exceeded})
    if (status == toolkit::to_string(s)) return toolkit::status_label(s);
  return toolkit::status_label(Status::not_published);
}

std::string short_edition(const std::string& edition) {
  if (edition.size() == 7 && edition[4] == '-')
    return edition.substr(2, 2) + "/" + edition.substr(5, 2);
  return edition;
}

std::string public_status_text(const std::string& edition, const std::string& status) {
  if (edition.empty()) return "Not Published";
  return short_edition(edition) + " " + status_label(status);
}

std::string day_month_year(const std::string& d) {
  if (d.size() != 10) return d;
  return d.substr(8, 2) + "/" + d.substr(5, 2) + "/" + d.substr(0, 4);
}

std::string human_day(const std::string& d) {
  static const char* kMonths[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};
  if (d.size() != 10) return d;
  const int month = std::atoi(d.substr(5, 2).c_str());
  if (month < 1 || month > 12) return d;
  return std::to_string(std::atoi(d.substr(8, 2).c_str())) + " " + kMonths[month - 1] + " " +
         d.substr(0, 4);
}

std::string primary_sector(identity::OrgType type) {
  using identity::OrgType;
  switch (type) {
    case OrgType::care_home:
      return "Care Home";
    case OrgType::home_care:
      return "Home Care";
    case OrgType::supported_living:
      return "Supported Living";
    case OrgType::gp_practice:
      return "GP";
    case OrgType::nhs_trust:
      return "Trust";
    case OrgType::pharmacy:
      return "Pharmacy";
    case OrgType::local_authority:
      return "Local Authority";
    case OrgType::supplier:
      return "Company";
    default:
      return "Social Care";
  }
}

namespace {

bool strip_prefix(std::string& s, const std::string& prefix) {
  if (s.rfind(prefix, 0) != 0) return false;
  s.erase(0, prefix.size());
  return true;
}

bool strip_suffix(std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  s.erase(s.size() - suffix.size());
  return true;
}

}  // namespace

std::string board_name(const std::string& ics_name) {
  std::string core = ics_name;
  const std::string lowered = lower_words(core);
  if (lowered.rfind("nhs ", 0) == 0) core = core.substr(4);
  for (const char* suffix : {" Integrated Care Board", " Integrated Care System", " ICB", " ICS"}) {
    const std::string s = suffix;
    if (core.size() > s.size() &&
        lower_words(core.substr(core.size() - s.size())) == lower_words(s)) {
      core.erase(core.size() - s.size());
      break;
    }
  }
  return "NHS " + core + " Integrated Care Board";
}

std::string area_key(const std::string& name) {
  std::string s = lower_words(name);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&')
      out += " and ";
    else
      out.push_back(s[i]);
  }
  out = lower_words(out);
  strip_prefix(out, "nhs ");
  for (const char* suffix : {" integrated care board", " integrated care system", " icb", " ics"})
    if (strip_suffix(out, suffix)) break;
  return out;
}

std::string lower_words(std::string_view text) {
  std::string out;
  bool space = false;
  for (unsigned char ch : text) {
    if (std::isspace(ch)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(ch)));
  }
  return out;
}

}  // namespace cg::oversight
