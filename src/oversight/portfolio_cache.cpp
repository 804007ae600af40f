#include "oversight/portfolio_cache.h"

#include "oversight/dashboard_store.h"

namespace cg::oversight {

namespace {
// Support organisations kept at most; past it the oldest kept is dropped. There are 28 in
// England; the bound only matters for a database with many more.
constexpr size_t kKept = 64;
}  // namespace

PortfolioCache::Snapshot PortfolioCache::get(Connection& c, int64_t support_org_id,
                                             const toolkit::Framework* edition, int64_t now) {
  // The versions are read before the portfolio: if it changes in between, what is kept is
  // newer than the versions it is kept under, and the next request works it out again.
  const auto versions = portfolio_versions(c, support_org_id);
  const std::string edition_key = edition ? edition->id + "|" + edition->edition : "";
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(support_org_id);
    if (it != entries_.end()) {
      const Entry& e = it->second;
      if (e.oversight == versions.oversight && e.portfolio == versions.portfolio &&
          e.edition == edition_key && e.snapshot->made_at <= now && now < e.snapshot->good_until)
        return e.snapshot;
    }
  }
  auto facts = portfolio_facts(c, support_org_id, edition);
  // The dashboard never shows which items were unmet: not worth keeping.
  for (auto& f : facts)
    for (auto& s : f.statuses) s.unmet_items.clear();
  auto made = summarise_portfolio(std::move(facts), now);
  std::lock_guard lock(mutex_);
  made.serial = ++made_;
  auto snapshot = std::make_shared<const PortfolioSnapshot>(std::move(made));
  if (entries_.size() >= kKept && !entries_.count(support_org_id)) {
    auto oldest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->second.snapshot->made_at < oldest->second.snapshot->made_at) oldest = it;
    entries_.erase(oldest);
  }
  entries_[support_org_id] = {versions.oversight, versions.portfolio, edition_key, snapshot};
  return snapshot;
}

}  // namespace cg::oversight
