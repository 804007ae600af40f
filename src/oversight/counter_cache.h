#pragma once
// The counters of each area, and the figures worked out from them, kept in memory between
// requests. Dashboards need them on every page view; reading and sorting a couple of thousand
// rows and summing them cost far more than the rest of the page. Each use first reads
// oversight_version (one row): what is kept is used only while it has not moved, so a
// publication made through another server or the command line shows at once.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "oversight/dashboard.h"
#include "oversight/summary.h"

namespace cg::oversight {

class CounterCache {
 public:
  using Counters = std::shared_ptr<const std::vector<Counter>>;
  using Figures = std::shared_ptr<const AreaFigures>;

  // The area's stored counters, as counters_of(c, area_id) returns them now.
  Counters get(Connection& c, int64_t area_id) { return get(c, area_id, oversight_version(c)); }
  // The same, for a caller that has just read oversight_version(c) itself.
  Counters get(Connection& c, int64_t area_id, int64_t version);
  // area_figures(*counters, kind, edition, today) for counters that get(c, area_id) returned;
  // worked out once per version of the counters.
  Figures figures(int64_t area_id, const Counters& counters, AreaKind kind,
                  const std::string& edition, const std::string& today);

 private:
  struct Entry {
    int64_t version = -1;
    Counters counters;
    std::map<std::string, Figures> figures;  // by kind, edition and day
  };
  std::mutex mutex_;
  std::map<int64_t, Entry> entries_;  // by area; there are only as many as regions and ICSs
};

}  // namespace cg::oversight
