#pragma once
// The organisations that have dashboards (the nation, regions, ICSs and support organisations),
// kept in memory between requests. A dashboard request needs its organisation before anything
// else (to check who may see it); kept, it costs no round trip to the database. A kept
// organisation is used only under the oversight_version it was read under (the caller reads the
// version first), which moves with every change to an organisation's name, type, codes, place or
// parent (migration 0010), whichever server or command makes it; so a renamed or moved area, and
// the permissions that follow its path, show on the next request.
//
// Fields the version does not follow (people_supported, updated_at) are not kept: they read 0.
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "identity/model.h"
#include "store/database.h"

namespace cg::oversight {

// Whether an organisation of this type has a dashboard of its own.
bool has_dashboard(identity::OrgType type);

class AreaOrgCache {
 public:
  // The organisation with this id as it is at version (or later). Only organisations that have
  // a dashboard are kept; others, and ids with no organisation, are read each time.
  std::optional<identity::Organisation> get(store::Database& db, int64_t id, int64_t version);

  size_t size() const;

 private:
  struct Entry {
    int64_t version = -1;
    identity::Organisation org;
  };
  mutable std::mutex mutex_;
  std::unordered_map<int64_t, Entry> kept_;
};

}  // namespace cg::oversight
