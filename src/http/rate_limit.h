#pragma once
// Request rate limits per key (an API token, say): a token bucket that refills at a steady rate
// and allows short bursts. Kept in memory by each server; with several servers behind a load
// balancer each enforces its own share, which still bounds what one token can do.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cg::http {

struct RateLimitDecision {
  bool allowed = true;
  int64_t retry_after_seconds = 0;  // when refused: when a request will next be allowed
  int64_t remaining = 0;            // whole requests left in the bucket after this one
};

class RateLimiter {
 public:
  // `per_minute` requests a minute on average, bursts of up to `burst` at once.
  RateLimiter(int64_t per_minute, int64_t burst);
  // Takes one request from the key's bucket at `now_ms` (milliseconds, any steady origin).
  RateLimitDecision take(const std::string& key, int64_t now_ms);
  int64_t per_minute() const { return per_minute_; }

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ms = 0;
  };
  int64_t per_minute_;
  int64_t burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace cg::http
