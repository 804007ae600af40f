#include "oversight/portfolio_table.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <tuple>

#include "core/ascii.h"
#include "toolkit/scoring/london_time.h"

namespace cg::oversight {

namespace {

bool has_reason(const ProviderSummary& s, const std::string& reason) {
  return std::find(s.help.begin(), s.help.end(), reason) != s.help.end();
}

int reason_rank(const std::string& reason) {
  for (size_t i = 0; i < std::size(kHelpReasons); ++i)
    if (reason == kHelpReasons[i]) return static_cast<int>(i);
  return static_cast<int>(std::size(kHelpReasons));
}

// Share of the applicable items answered, in tenths of a per cent; -1 when not shown.
int64_t progress_key(const VisibleProvider& p, const Share ProviderFacts::*share) {
  const auto& f = p.entry->facts;
  if (!p.progress || !f.started) return -1;
  return per_mille((f.*share).part, (f.*share).whole);
}

bool matches(const VisibleProvider& p, const PortfolioQuery& q, const std::string& needle) {
  const auto& s = p.entry->summary;
  if (!q.status.empty() && s.status != q.status) return false;
  if (q.help == "any" && s.help.empty()) return false;
  if (!q.help.empty() && q.help != "any" && !has_reason(s, q.help)) return false;
  if (!needle.empty()) {
    const auto& org = p.entry->facts.org;
    if (!contains_ascii_nocase(org.name, needle) && !contains_ascii_nocase(org.ods_code, needle))
      return false;
  }
  return true;
}

enum class SortKey { name, status, expires, approaching, met, activity };

SortKey sort_key(const std::string& sort) {
  if (sort == "status") return SortKey::status;
  if (sort == "expires") return SortKey::expires;
  if (sort == "approaching") return SortKey::approaching;
  if (sort == "met") return SortKey::met;
  if (sort == "activity") return SortKey::activity;
  return SortKey::name;
}

// Ascending order of one sort key (name: no key, the rows are already by name).
int compare_key(const VisibleProvider& a, const VisibleProvider& b, SortKey key) {
  auto three_way = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  const auto& sa = a.entry->summary;
  const auto& sb = b.entry->summary;
  switch (key) {
    case SortKey::status:
      return three_way(status_index(sa.status), status_index(sb.status));
    case SortKey::expires:
      return sa.expires_on.compare(sb.expires_on);
    case SortKey::approaching:
      return three_way(progress_key(a, &ProviderFacts::approaching_answered),
                       progress_key(b, &ProviderFacts::approaching_answered));
    case SortKey::met:
      return three_way(progress_key(a, &ProviderFacts::met_answered),
                       progress_key(b, &ProviderFacts::met_answered));
    case SortKey::activity: {
      auto activity = [](const VisibleProvider& p) {
        return p.progress && p.entry->facts.started ? p.entry->facts.last_activity : 0;
      };
      return three_way(activity(a), activity(b));
    }
    case SortKey::name:
      break;
  }
  return 0;
}

// Names ignoring case (ASCII), then ids: the order of the table when it is sorted by name.
bool by_name(const PortfolioEntry& a, const PortfolioEntry& b) {
  const auto& x = a.facts.org.name;
  const auto& y = b.facts.org.name;
  auto less = [](char p, char q) { return ascii_lower(p) < ascii_lower(q); };
  if (std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end(), less)) return true;
  if (std::lexicographical_compare(y.begin(), y.end(), x.begin(), x.end(), less)) return false;
  return a.facts.org.id < b.facts.org.id;
}

}  // namespace

PortfolioSnapshot summarise_portfolio(std::vector<ProviderFacts> facts, int64_t now) {
  PortfolioSnapshot out;
  out.made_at = now;
  out.good_until = toolkit::london_day_end_utc(toolkit::london_date(now));
  out.entries.reserve(facts.size());
  for (auto& f : facts) {
    for (const auto& s : f.statuses)
      if (s.valid_until > now) out.good_until = std::min(out.good_until, s.valid_until);
    PortfolioEntry e;
    e.summary = summarise_provider(f, now);
    e.facts = std::move(f);
    out.entries.push_back(std::move(e));
  }
  std::sort(out.entries.begin(), out.entries.end(), by_name);
  return out;
}

bool is_help_reason(const std::string& reason) {
  return reason_rank(reason) < static_cast<int>(std::size(kHelpReasons));
}

bool is_portfolio_sort(const std::string& sort) {
  return std::find(std::begin(kPortfolioSorts), std::end(kPortfolioSorts), sort) !=
         std::end(kPortfolioSorts);
}

PortfolioPage portfolio_page(const std::vector<VisibleProvider>& visible, const PortfolioQuery& q) {
  const std::string needle = ascii_lower(q.name);
  std::vector<VisibleProvider> rows;
  for (const auto& p : visible)
    if (matches(p, q, needle)) rows.push_back(p);
  // The rows come by name and id (summarise_portfolio). A stable sort on the key alone keeps
  // that order among equals; descending, the rows are reversed first so equals run by name
  // descending too.
  if (q.descending) std::reverse(rows.begin(), rows.end());
  const SortKey key = sort_key(q.sort);
  if (key != SortKey::name)
    std::stable_sort(rows.begin(), rows.end(),
                     [&](const VisibleProvider& a, const VisibleProvider& b) {
                       const int c = compare_key(a, b, key);
                       return q.descending ? c > 0 : c < 0;
                     });
  PortfolioPage out;
  out.total = static_cast<int64_t>(rows.size());
  const int64_t size = q.page_size > 0 ? q.page_size : std::max<int64_t>(out.total, 1);
  out.pages = (out.total + size - 1) / size;
  const int64_t first = (std::max<int64_t>(q.page, 1) - 1) * size;
  for (int64_t i = first; i < std::min(out.total, first + size); ++i)
    out.rows.push_back(rows[static_cast<size_t>(i)]);
  return out;
}

HelpSummary help_summary(const std::vector<VisibleProvider>& visible, size_t most_urgent) {
  HelpSummary out;
  std::vector<int64_t> counts(std::size(kHelpReasons), 0);
  std::vector<VisibleProvider> needing;
  for (const auto& p : visible) {
    const auto& help = p.entry->summary.help;
    if (help.empty()) continue;
    ++out.needing_help;
    for (const auto& r : help) {
      const int rank = reason_rank(r);
      if (rank < static_cast<int>(counts.size())) ++counts[static_cast<size_t>(rank)];
    }
    needing.push_back(p);
  }
  for (size_t i = 0; i < counts.size(); ++i)
    if (counts[i] > 0) out.by_reason.emplace_back(kHelpReasons[i], counts[i]);
  // The most urgent: worst reason, then the date that makes it urgent (the plan's due date or
  // the day the publication stops counting), earliest first, then by name.
  auto urgency = [](const VisibleProvider& p) {
    const auto& s = p.entry->summary;
    const std::string* date = &s.expires_on;
    if (s.help.front() == "plan_overdue" && s.newest) date = &s.newest->plan_due_on;
    return std::make_tuple(reason_rank(s.help.front()), std::cref(*date),
                           std::cref(p.entry->facts.org.name), p.entry->facts.org.id);
  };
  const size_t shown = std::min(most_urgent, needing.size());
  std::partial_sort(
      needing.begin(), needing.begin() + static_cast<std::ptrdiff_t>(shown), needing.end(),
      [&](const VisibleProvider& a, const VisibleProvider& b) { return urgency(a) < urgency(b); });
  needing.resize(shown);
  out.most_urgent = std::move(needing);
  return out;
}

}  // namespace cg::oversight
