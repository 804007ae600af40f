#pragma once
// Areas' organisation tables, read and sorted once, kept in memory between requests. Reading a
// region's rows and sorting them costs tens of milliseconds; a kept table makes any page in any
// order a walk along a ready order. A kept table is used only under the oversight_version it was
// read under (the caller reads it first), which moves with every change to the organisations
// and statuses it lists (migration 0010), whichever server or command makes it.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "oversight/org_table.h"
#include "store/database.h"

namespace cg::oversight {

class AreaTableCache {
 public:
  using Table = std::shared_ptr<const SortedArea>;
  Table get(Connection& c, AreaKind kind, int64_t area_id, const std::string& edition,
            int64_t version);

 private:
  struct Entry {
    int64_t version = -1;
    uint64_t used = 0;
    Table table;
  };
  std::mutex mutex_;
  uint64_t uses_ = 0;
  std::map<std::string, Entry> entries_;  // by area and edition
};

}  // namespace cg::oversight
