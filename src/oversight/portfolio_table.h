#pragma once
// A support organisation's portfolio as its dashboard lists it: every provider with what the
// dashboard says about it now, then the rows one person may see, filtered, sorted and cut
// into pages. Plain functions over plain structs; nothing here reads the database.
#include <cstdint>
#include <string>
#include <vector>

#include "oversight/dashboard.h"

namespace cg::oversight {

// Why a provider needs help, worst first (ProviderSummary::help uses the same codes).
inline constexpr const char* kHelpReasons[] = {"plan_overdue", "not_met",     "expiring",
                                               "lapsed",       "not_started", "not_published"};
// Sort keys of the provider table.
inline constexpr const char* kPortfolioSorts[] = {"name",        "status", "expires",
                                                  "approaching", "met",    "activity"};
inline constexpr int64_t kPortfolioPageSize = 50;

struct PortfolioEntry {
  ProviderFacts facts;
  ProviderSummary summary;
};

// Every provider of a portfolio summarised at one moment, by name (ignoring case) and id. The
// summaries stay true
// until good_until (unix seconds): the end of that London day, or sooner when a publication
// stops counting first.
struct PortfolioSnapshot {
  std::vector<PortfolioEntry> entries;
  int64_t made_at = 0;
  int64_t good_until = 0;
  uint64_t serial = 0;  // set by whoever keeps it: different for every snapshot it makes
};
PortfolioSnapshot summarise_portfolio(std::vector<ProviderFacts> facts, int64_t now);

// A row one person may see, and whether they may read its assessment's progress.
struct VisibleProvider {
  const PortfolioEntry* entry = nullptr;
  bool progress = false;
};

struct PortfolioQuery {
  std::string status;         // "" any, or one of kDashboardStatuses (the status that counts now)
  std::string help;           // "" any, "any" those who need help, or one of kHelpReasons
  std::string name;           // "" any, or part of the name or ODS code (case-insensitive, ASCII)
  std::string sort = "name";  // one of kPortfolioSorts
  bool descending = false;
  int64_t page = 1;                        // from 1
  int64_t page_size = kPortfolioPageSize;  // 0: every row
};

bool is_help_reason(const std::string& reason);
bool is_portfolio_sort(const std::string& sort);

struct PortfolioPage {
  std::vector<VisibleProvider> rows;
  int64_t total = 0;  // rows matching the filters, on every page
  int64_t pages = 0;  // 0 when none match
};
// visible must be in the snapshot's order (by name, then id): equal keys keep it. Progress a
// person may not read sorts as if the assessment were not started, so the order says nothing
// the page does not show.
PortfolioPage portfolio_page(const std::vector<VisibleProvider>& visible,
                             const PortfolioQuery& query);

struct HelpSummary {
  int64_t needing_help = 0;
  std::vector<std::pair<std::string, int64_t>> by_reason;  // kHelpReasons order, zeros left out
  std::vector<VisibleProvider> most_urgent;  // worst reason first, then soonest date, then name
};
HelpSummary help_summary(const std::vector<VisibleProvider>& visible, size_t most_urgent);

}  // namespace cg::oversight
