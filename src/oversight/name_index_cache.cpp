#include "oversight/name_index_cache.h"

#include <chrono>

#include "core/log.h"
#include "oversight/status_search_store.h"

namespace cg::oversight {

KeptNames NameIndexCache::current() const {
  std::lock_guard lock(mutex_);
  return kept_;
}

KeptNames NameIndexCache::refresh(Connection& c) {
  std::unique_lock reading(reading_, std::try_to_lock);
  if (!reading.owns_lock()) return {};
  // The version first: names read after it are at least as new, so a change made in between
  // shows as a version the index does not carry, and the next search reads it again.
  const int64_t version = search::search_names_version(c);
  {
    std::lock_guard lock(mutex_);
    if (kept_.index && kept_.version == version) return kept_;
  }
  const auto started = std::chrono::steady_clock::now();
  KeptNames fresh{version, std::make_shared<const NameIndex>(search::listed_names(c))};
  // For operators: how often it is read again, what it costs and what it holds.
  log::info("search_index_read", {{"version", version},
                                  {"organisations", fresh.index->size()},
                                  {"bytes", fresh.index->bytes()},
                                  {"ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::steady_clock::now() - started)
                                             .count()}});
  std::lock_guard lock(mutex_);
  kept_ = fresh;
  return fresh;
}

}  // namespace cg::oversight
