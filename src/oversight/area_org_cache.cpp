#include "oversight/area_org_cache.h"

#include "identity/store/org_store.h"

namespace cg::oversight {

namespace {
// Organisations kept at most. A national dataset has about 80 with dashboards; past the bound
// (a far larger deployment) everything kept is dropped and read again as asked for.
constexpr size_t kKept = 4096;
}  // namespace

bool has_dashboard(identity::OrgType type) {
  using identity::OrgType;
  return type == OrgType::national || type == OrgType::region || type == OrgType::ics ||
         type == OrgType::support_org;
}

std::optional<identity::Organisation> AreaOrgCache::get(store::Database& db, int64_t id,
                                                        int64_t version) {
  {
    std::lock_guard lock(mutex_);
    auto it = kept_.find(id);
    if (it != kept_.end() && it->second.version == version) return it->second.org;
  }
  auto org = db.read([&](store::Connection& c) { return identity::store::find_org(c, id); });
  if (!org || !has_dashboard(org->type)) return org;
  identity::Organisation kept = *org;
  kept.people_supported = 0;
  kept.updated_at = 0;
  std::lock_guard lock(mutex_);
  if (kept_.size() >= kKept && !kept_.count(id)) kept_.clear();
  auto& entry = kept_[id];
  // A request that read an older version must not replace what a newer one kept.
  if (entry.version <= version) entry = {version, kept};
  return kept;
}

size_t AreaOrgCache::size() const {
  std::lock_guard lock(mutex_);
  return kept_.size();
}

}  // namespace cg::oversight
