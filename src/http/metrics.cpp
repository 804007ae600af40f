#include "http/metrics.h"

#include <cstdio>

namespace cg::http {

namespace {
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
}  // namespace

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  Histogram& h = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(const std::string& extra) const {
  std::string out;
  out += "# HELP careguard_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE careguard_http_requests_total counter\n";
  std::lock_guard lock(mutex_);
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out += "careguard_http_requests_total{method=\"" + label(method) + "\",route=\"" +
           label(route) + "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(count) +
           "\n";
  }
  out += "# HELP careguard_http_request_duration_seconds Time to handle a request.\n";
  out += "# TYPE careguard_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string r = label(route);
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out += "careguard_http_request_duration_seconds_bucket{route=\"" + r + "\",le=\"" +
             num(kBuckets[i]) + "\"} " + std::to_string(h.buckets[i]) + "\n";
    out += "careguard_http_request_duration_seconds_bucket{route=\"" + r + "\",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "careguard_http_request_duration_seconds_sum{route=\"" + r + "\"} " + num(h.sum) + "\n";
    out += "careguard_http_request_duration_seconds_count{route=\"" + r + "\"} " +
           std::to_string(h.count) + "\n";
  }
  out += extra;
  return out;
}

}  // namespace cg::http
