#pragma once
// Support organisations' portfolios, summarised, kept in memory between requests. Working one
// out reads every provider's statuses and assessment answers (hundreds of providers); a kept
// one is used only while oversight_version and the portfolio's own version (both moved by
// triggers, migration 0010) have not moved and its summaries still hold, so a change made
// through another server or the command line shows at once.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "oversight/portfolio_table.h"
#include "store/database.h"
#include "toolkit/model/framework.h"

namespace cg::oversight {

class PortfolioCache {
 public:
  using Snapshot = std::shared_ptr<const PortfolioSnapshot>;
  // The support organisation's portfolio summarised at `now` for the edition open now (null:
  // no toolkit loaded).
  Snapshot get(Connection& c, int64_t support_org_id, const toolkit::Framework* edition,
               int64_t now);

 private:
  struct Entry {
    int64_t oversight = -1;
    int64_t portfolio = -1;
    std::string edition;
    Snapshot snapshot;
  };
  std::mutex mutex_;
  uint64_t made_ = 0;
  std::map<int64_t, Entry> entries_;  // by support organisation
};

}  // namespace cg::oversight
