// Oversight dashboard latency, in process, warm, against an existing national dataset
// (bench/national_data.sh): what GET /orgs/{id}/dashboard computes before rendering, as
// src/web/pages/dashboard_pages.cpp load_area() does it, on one pooled connection:
//
//   CounterCache::get(c, area)        the stored counters of the area (0 = the nation): one
//                                     version row read, the counters kept from before reused
//   CounterCache::figures(...)        overall, trend, by group/type/region/ICS/size, most unmet
//                                     items, expiring, plans overdue, for the newest edition
//                                     (worked out once per version of the counters)
//   oversight::names_of(c, ids)       the names of the regions and ICSs in the breakdowns
//
// for the nation, one region and one ICS (the region and ICS with the most organisations), and
// "uncached national": the same without the cache (counters_of + area_figures each time), what
// the first page view after a publication costs.
// Each scenario runs --warmup times untimed, then --iterations times timed; it prints p50 and
// p99 (nearest rank) in milliseconds. Never a test: it prints numbers.
//
//   oversight_latency --database URL [--label NAME] [--iterations N] [--warmup N]
//                     [--figures FILE] [--recount-iterations N (1; 0 = skip)]
//
// With --figures FILE it also writes the national status counts the DuckDB comparison
// (bench/duckdb/aggregates.mjs) recomputes from CSV, one line per figure:
//   edition,dimension,value,status,count
// for every edition with a status and dimension all/type/region/ics/size, with the statuses of
// oversight/dashboard.h (not_published included) and "total"; and it times building exactly
// those figures from the counters ("aggregates": counters_of(0) + status_counts + breakdown
// for every edition and dimension).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "oversight/counter_cache.h"
#include "oversight/dashboard.h"
#include "oversight/dashboard_store.h"
#include "oversight/summary.h"
#include "store/database.h"
#include "toolkit/scoring/london_time.h"

namespace {

using namespace cg;
using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> v, double p) {  // nearest rank
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  rank = std::clamp<size_t>(rank, 1, v.size());
  return v[rank - 1];
}

struct Figures {
  oversight::AreaFigures figures;
  size_t names = 0;
  size_t counters = 0;
};

// What load_area() computes for the page, minus the request parsing; without a cache, what it
// costs when the counters have just changed.
Figures page_figures(store::Connection& c, oversight::CounterCache* cache, int64_t area_id,
                     oversight::AreaKind kind, const std::string& today) {
  Figures f;
  auto counters = cache ? cache->get(c, area_id)
                        : std::make_shared<const std::vector<oversight::Counter>>(
                              oversight::counters_of(c, area_id));
  f.counters = counters->size();
  auto editions = oversight::editions_in(*counters);
  const std::string edition = editions.empty() ? "" : editions.front();
  f.figures = cache ? *cache->figures(area_id, counters, kind, edition, today)
                    : oversight::area_figures(*counters, kind, edition, today);
  std::vector<int64_t> ids;
  for (const auto* slices : {&f.figures.by_region, &f.figures.by_ics})
    for (const auto& s : *slices)
      if (!s.value.empty()) ids.push_back(std::stoll(s.value));
  f.names = oversight::names_of(c, ids).size();
  return f;
}

const char* kDims[] = {"type", "region", "ics", "size"};

struct Line {
  std::string edition, dimension, value, status;
  int64_t count;
};

// The national status counts for every edition and dimension, as the DuckDB script computes.
std::vector<Line> national_aggregates(store::Connection& c) {
  std::vector<Line> out;
  auto counters = oversight::counters_of(c, 0);
  auto add = [&](const std::string& e, const std::string& d, const std::string& v,
                 const oversight::StatusCounts& s) {
    out.push_back({e, d, v, "total", s.total});
    for (size_t i = 0; i < oversight::kStatusCount; ++i)
      out.push_back({e, d, v, oversight::kDashboardStatuses[i], s.counts[i]});
  };
  for (const auto& e : oversight::editions_in(counters)) {
    add(e, "all", "", oversight::status_counts(counters, e));
    for (const char* d : kDims)
      for (const auto& s : oversight::breakdown(counters, e, d)) add(e, d, s.value, s.counts);
  }
  return out;
}

struct Result {
  std::string name;
  double p50 = 0, p99 = 0;
  size_t detail = 0;
};

template <class F>
Result time_it(const std::string& name, int warmup, int iterations, F&& f) {
  size_t detail = 0;
  for (int i = 0; i < warmup; ++i) detail = f();
  std::vector<double> ms;
  ms.reserve(static_cast<size_t>(iterations));
  for (int i = 0; i < iterations; ++i) {
    auto start = Clock::now();
    detail = f();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  return {name, percentile(ms, 50), percentile(ms, 99), detail};
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, label, figures_file;
  int iterations = 200, warmup = 20, recount_iterations = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--database")
      url = next();
    else if (a == "--label")
      label = next();
    else if (a == "--iterations")
      iterations = std::stoi(next());
    else if (a == "--warmup")
      warmup = std::stoi(next());
    else if (a == "--figures")
      figures_file = next();
    else if (a == "--recount-iterations")
      recount_iterations = std::stoi(next());
    else {
      std::cerr << "usage: oversight_latency --database URL [--label NAME] [--iterations N] "
                   "[--warmup N] [--figures FILE]\n";
      return 2;
    }
  }
  if (url.empty()) {
    std::cerr << "oversight_latency: --database is required\n";
    return 2;
  }
  if (label.empty()) label = url;
  try {
    auto db = store::open(url, 2);
    const std::string today = toolkit::london_date(static_cast<int64_t>(std::time(nullptr)));
    int64_t region = 0, ics = 0;
    db->read([&](store::Connection& c) {
      auto r = c.exec(
          "SELECT region_id, COUNT(*) FROM organisations WHERE region_id IS NOT NULL "
          "GROUP BY region_id ORDER BY 2 DESC, 1 LIMIT 1");
      if (!r.rows.empty()) region = r.rows[0].integer(0);
      r = c.exec(
          "SELECT ics_id, COUNT(*) FROM organisations WHERE ics_id IS NOT NULL "
          "GROUP BY ics_id ORDER BY 2 DESC, 1 LIMIT 1");
      if (!r.rows.empty()) ics = r.rows[0].integer(0);
    });
    std::vector<Result> results;
    oversight::CounterCache cache;
    db->read([&](store::Connection& c) {
      using K = oversight::AreaKind;
      results.push_back(time_it("national", warmup, iterations, [&] {
        return page_figures(c, &cache, 0, K::nation, today).counters;
      }));
      results.push_back(time_it("region " + std::to_string(region), warmup, iterations, [&] {
        return page_figures(c, &cache, region, K::region, today).counters;
      }));
      results.push_back(time_it("ics " + std::to_string(ics), warmup, iterations, [&] {
        return page_figures(c, &cache, ics, K::ics, today).counters;
      }));
      results.push_back(time_it("uncached national", warmup, iterations, [&] {
        return page_figures(c, nullptr, 0, K::nation, today).counters;
      }));
      results.push_back(
          time_it("aggregates", warmup, iterations, [&] { return national_aggregates(c).size(); }));
      // The same national figures counted from scratch (oversight::recount, plain GROUP BYs
      // over organisations and org_status), for scale: what the counters save.
      if (recount_iterations > 0)
        results.push_back(time_it("recount", 0, recount_iterations,
                                  [&] { return oversight::recount(c).size(); }));
      if (!figures_file.empty()) {
        std::ofstream out(figures_file);
        out << "edition,dimension,value,status,count\n";
        for (const auto& l : national_aggregates(c))
          out << l.edition << ',' << l.dimension << ',' << l.value << ',' << l.status << ','
              << l.count << '\n';
      }
    });
    std::cout << std::fixed << std::setprecision(3);
    for (const auto& r : results)
      std::cout << "RESULT\t" << label << '\t' << r.name << '\t' << r.p50 << '\t' << r.p99 << '\t'
                << r.detail << '\n';
  } catch (const std::exception& e) {
    std::cerr << "oversight_latency: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
