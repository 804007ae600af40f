#include "oversight/area_table_cache.h"

#include "oversight/dashboard_store.h"

namespace cg::oversight {

namespace {
// Tables kept at most; past it the least recently used goes. A region's table is about 1.5 MB
// (8,600 organisations), an ICS's a tenth of that.
constexpr size_t kKept = 24;
}  // namespace

AreaTableCache::Table AreaTableCache::get(Connection& c, AreaKind kind, int64_t area_id,
                                          const std::string& edition, int64_t version) {
  const std::string key =
      std::to_string(static_cast<int>(kind)) + "|" + std::to_string(area_id) + "|" + edition;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.version == version) {
      it->second.used = ++uses_;
      return it->second.table;
    }
  }
  auto table = std::make_shared<const SortedArea>(sort_area(area_rows(c, kind, area_id, edition)));
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kKept && !entries_.count(key)) {
    auto oldest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->second.used < oldest->second.used) oldest = it;
    entries_.erase(oldest);
  }
  auto& entry = entries_[key];
  if (entry.version <= version) entry = {version, ++uses_, table};
  return table;
}

}  // namespace cg::oversight
