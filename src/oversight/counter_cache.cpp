#include "oversight/counter_cache.h"

namespace cg::oversight {

namespace {
// Figures of this many editions and days are kept per area at most (a day's figures differ
// from the next day's only in what expires, so old days are simply dropped).
constexpr size_t kFiguresPerArea = 16;
}  // namespace

CounterCache::Counters CounterCache::get(Connection& c, int64_t area_id, int64_t version) {
  // The version is read before the counters: if they change in between, the counters kept are
  // newer than the version they are kept under, and the next request reads them again.
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(area_id);
    if (it != entries_.end() && it->second.version == version) return it->second.counters;
  }
  auto counters = std::make_shared<const std::vector<Counter>>(counters_of(c, area_id));
  std::lock_guard lock(mutex_);
  auto& entry = entries_[area_id];
  if (entry.version <= version) entry = {version, counters, {}};
  return counters;
}

CounterCache::Figures CounterCache::figures(int64_t area_id, const Counters& counters,
                                            AreaKind kind, const std::string& edition,
                                            const std::string& today) {
  const std::string key = std::to_string(static_cast<int>(kind)) + "|" + edition + "|" + today;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(area_id);
    if (it != entries_.end() && it->second.counters == counters) {
      auto found = it->second.figures.find(key);
      if (found != it->second.figures.end()) return found->second;
    }
  }
  auto made = std::make_shared<const AreaFigures>(area_figures(*counters, kind, edition, today));
  std::lock_guard lock(mutex_);
  auto it = entries_.find(area_id);
  // Kept only while these are still the area's current counters.
  if (it != entries_.end() && it->second.counters == counters) {
    auto& kept = it->second.figures;
    if (kept.size() >= kFiguresPerArea) kept.clear();
    kept.emplace(key, made);
  }
  return made;
}

}  // namespace cg::oversight
