#include "oversight/dashboard.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "toolkit/scoring/london_time.h"

namespace cg::oversight {

namespace {

// Days since 1970-01-01 of a civil date, and back (Howard Hinnant's algorithms).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char out[48];
  std::snprintf(out, sizeof out, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return out;
}

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
  return true;
}

bool plan_status(const std::string& status) {
  return status == "not_met" || status == "approaching";
}

}  // namespace

int status_index(const std::string& status) {
  for (size_t i = 0; i < kStatusCount; ++i)
    if (status == kDashboardStatuses[i]) return static_cast<int>(i);
  return -1;
}

const char* dashboard_status_label(const std::string& status) {
  if (status == "not_published") return "Not Published";
  if (status == "not_met") return "Standards Not Met";
  if (status == "approaching") return "Approaching Standards";
  if (status == "met") return "Standards Met";
  if (status == "exceeded") return "Standards Exceeded";
  return "Unknown";
}

int64_t per_mille(int64_t part, int64_t whole) {
  if (whole <= 0) return 0;
  return (part * 1000 * 2 + whole) / (whole * 2);
}

std::string percent_text(int64_t part, int64_t whole) {
  const int64_t pm = per_mille(part, whole);
  if (pm % 10 == 0) return std::to_string(pm / 10) + "%";
  return std::to_string(pm / 10) + "." + std::to_string(pm % 10) + "%";
}

int64_t StatusCounts::of(const std::string& status) const {
  const int i = status_index(status);
  return i < 0 ? 0 : counts[static_cast<size_t>(i)];
}

StatusCounts status_counts(const std::vector<Counter>& counters, const std::string& edition,
                           const std::string& dimension, const std::string& value) {
  StatusCounts out;
  int64_t published = 0;
  for (const auto& k : counters) {
    if (k.dimension != dimension || k.value != value) continue;
    if (k.edition.empty() && k.status == "total") {
      out.total += k.count;
    } else if (k.edition == edition) {
      const int i = status_index(k.status);
      if (i > 0) {
        out.counts[static_cast<size_t>(i)] += k.count;
        published += k.count;
      }
    }
  }
  out.counts[0] = out.total - published;
  return out;
}

std::vector<std::string> editions_in(const std::vector<Counter>& counters) {
  std::set<std::string> found;
  for (const auto& k : counters)
    if (!k.edition.empty() && k.dimension == "all" && status_index(k.status) > 0)
      found.insert(k.edition);
  return {found.rbegin(), found.rend()};
}

std::vector<Slice> breakdown(const std::vector<Counter>& counters, const std::string& edition,
                             const std::string& dimension, bool remainder) {
  std::map<std::string, StatusCounts> by_value;
  for (const auto& k : counters) {
    if (k.dimension != dimension) continue;
    StatusCounts& s = by_value[k.value];
    if (k.edition.empty() && k.status == "total") {
      s.total += k.count;
    } else if (k.edition == edition) {
      const int i = status_index(k.status);
      if (i > 0) s.counts[static_cast<size_t>(i)] += k.count;
    }
  }
  std::vector<Slice> out;
  StatusCounts rest = status_counts(counters, edition);
  for (auto& [value, s] : by_value) {
    if (s.total <= 0) continue;
    int64_t published = 0;
    for (size_t i = 1; i < kStatusCount; ++i) published += s.counts[i];
    s.counts[0] = s.total - published;
    for (size_t i = 0; i < kStatusCount; ++i) rest.counts[i] -= s.counts[i];
    rest.total -= s.total;
    out.push_back({value, "", s});
  }
  if (remainder && rest.total > 0) out.push_back({"", "", rest});
  return out;
}

const char* type_group(identity::OrgType type) {
  using identity::OrgType;
  switch (type) {
    case OrgType::care_home:
      return "care_homes";
    case OrgType::home_care:
      return "home_care";
    case OrgType::gp_practice:
    case OrgType::nhs_trust:
    case OrgType::pharmacy:
      return "nhs";
    default:
      return "other_social_care";
  }
}

const char* type_group_label(const std::string& group) {
  if (group == "care_homes") return "Care homes";
  if (group == "home_care") return "Home care";
  if (group == "other_social_care") return "Other social care services";
  if (group == "nhs") return "NHS (GP practices, trusts, pharmacies)";
  return "Unknown";
}

std::vector<Slice> by_type_group(const std::vector<Counter>& counters, const std::string& edition) {
  std::vector<Slice> out;
  for (const char* g : kTypeGroups) out.push_back({g, type_group_label(g), {}});
  for (const auto& s : breakdown(counters, edition, "type")) {
    auto type = identity::org_type_from_string(s.value);
    const std::string group = type ? type_group(*type) : "other_social_care";
    for (auto& g : out)
      if (g.value == group) {
        for (size_t i = 0; i < kStatusCount; ++i) g.counts.counts[i] += s.counts.counts[i];
        g.counts.total += s.counts.total;
      }
  }
  return out;
}

std::string type_label(const std::string& type) {
  auto t = identity::org_type_from_string(type);
  return t ? identity::org_type_label(*t) : type;
}

std::string size_label(const std::string& band) { return size_band_label(band); }

std::vector<TrendPoint> trend(const std::vector<Counter>& counters) {
  auto editions = editions_in(counters);
  std::vector<TrendPoint> out;
  for (auto it = editions.rbegin(); it != editions.rend(); ++it)
    out.push_back({*it, status_counts(counters, *it)});
  return out;
}

std::vector<ItemCount> most_unmet(const std::vector<Counter>& counters, const std::string& edition,
                                  size_t limit) {
  std::vector<ItemCount> out;
  for (const auto& k : counters)
    if (k.edition == edition && k.dimension == "item" && k.status == "unmet" && k.count > 0)
      out.push_back({k.value, k.count});
  std::sort(out.begin(), out.end(), [](const ItemCount& a, const ItemCount& b) {
    return a.count != b.count ? a.count > b.count : a.item_id < b.item_id;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::string add_days(const std::string& date, int days) {
  if (!is_date(date)) return date;
  const int64_t y = std::stoll(date.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(date.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(date.substr(8, 2)));
  return civil_from_days(days_from_civil(y, m, d) + days);
}

Expiring expiring(const std::vector<Counter>& counters, const std::string& today) {
  Expiring e;
  const std::string d30 = add_days(today, 30), d60 = add_days(today, 60), d90 = add_days(today, 90);
  for (const auto& k : counters) {
    if (k.dimension != "expires" || k.status != "latest" || !k.edition.empty()) continue;
    if (k.value < today) {
      e.expired += k.count;
      continue;
    }
    if (k.value < d30) e.within_30 += k.count;
    if (k.value < d60) e.within_60 += k.count;
    if (k.value < d90) e.within_90 += k.count;
  }
  return e;
}

int64_t plans_overdue(const std::vector<Counter>& counters, const std::string& today) {
  int64_t n = 0;
  for (const auto& k : counters)
    if (k.dimension == "plan_due" && k.status == "latest" && k.edition.empty() && k.value < today)
      n += k.count;
  return n;
}

AreaFigures area_figures(const std::vector<Counter>& counters, AreaKind kind,
                         const std::string& edition, const std::string& today, size_t item_limit) {
  AreaFigures f;
  f.kind = kind;
  f.edition = edition;
  f.overall = status_counts(counters, edition);
  f.trend = trend(counters);
  f.by_group = by_type_group(counters, edition);
  f.by_type = breakdown(counters, edition, "type");
  for (auto& s : f.by_type) s.label = type_label(s.value);
  if (kind == AreaKind::nation) f.by_region = breakdown(counters, edition, "region", true);
  if (kind != AreaKind::ics) f.by_ics = breakdown(counters, edition, "ics", true);
  f.by_size.clear();
  for (const char* band : kSizeBands) {
    Slice s{band, size_label(band), status_counts(counters, edition, "size", band)};
    f.by_size.push_back(s);
  }
  f.unmet_items = most_unmet(counters, edition, item_limit);
  f.expiry = expiring(counters, today);
  f.plans_overdue = plans_overdue(counters, today);
  return f;
}

// ---------------------------------------------------------------------------------------------

const char* help_label(const std::string& reason) {
  if (reason == "plan_overdue") return "Improvement plan overdue";
  if (reason == "not_met") return "Standards Not Met";
  if (reason == "expiring") return "Publication expires soon";
  if (reason == "lapsed") return "Publication no longer counts";
  if (reason == "not_started") return "Not started this year's toolkit";
  if (reason == "not_published") return "Started but not published";
  return "Unknown";
}

ProviderSummary summarise_provider(const ProviderFacts& facts, int64_t now) {
  ProviderSummary s;
  const std::string today = toolkit::london_date(now);
  for (const auto& r : facts.statuses) {
    if (!s.newest || r.edition > s.newest->edition) s.newest = r;
    if (r.valid_until > now && (!s.counting || r.edition > s.counting->edition)) s.counting = r;
  }
  if (s.counting) s.status = s.counting->status;
  if (s.newest) s.expires_on = toolkit::london_date(s.newest->valid_until - 1);
  s.plan_overdue = s.newest && plan_status(s.newest->status) && !s.newest->plan_due_on.empty() &&
                   s.newest->plan_due_on < today;
  if (s.plan_overdue) s.help.push_back("plan_overdue");
  if (s.status == "not_met") s.help.push_back("not_met");
  if (s.counting &&
      toolkit::london_date(s.counting->valid_until - 1) < add_days(today, kExpiringSoonDays))
    s.help.push_back("expiring");
  if (!s.counting) {
    if (s.newest) s.help.push_back("lapsed");
    s.help.push_back(facts.started ? "not_published" : "not_started");
  }
  return s;
}

}  // namespace cg::oversight
