#pragma once
// Prometheus counters and a latency histogram for HTTP requests, rendered as text format 0.0.4.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace cg::http {

class Metrics {
 public:
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  // extra: lines appended as they are (gauges owned by other parts, e.g. the database pool).
  std::string render(const std::string& extra) const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;  // by route
};

}  // namespace cg::http
