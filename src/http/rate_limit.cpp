#include "http/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace cg::http {

namespace {
// Buckets full for this long are dropped so idle keys do not pile up.
constexpr int64_t kForgetAfterMs = 10 * 60 * 1000;
constexpr size_t kSweepAbove = 10000;
}  // namespace

RateLimiter::RateLimiter(int64_t per_minute, int64_t burst)
    : per_minute_(std::max<int64_t>(1, per_minute)), burst_(std::max<int64_t>(1, burst)) {}

RateLimitDecision RateLimiter::take(const std::string& key, int64_t now_ms) {
  const double per_ms = static_cast<double>(per_minute_) / 60000.0;
  std::lock_guard lock(mutex_);
  if (buckets_.size() > kSweepAbove)
    std::erase_if(buckets_,
                  [&](const auto& kv) { return now_ms - kv.second.at_ms > kForgetAfterMs; });
  auto [it, inserted] = buckets_.try_emplace(key);
  Bucket& b = it->second;
  if (inserted) {
    b.tokens = static_cast<double>(burst_);
  } else if (now_ms > b.at_ms) {
    b.tokens = std::min<double>(static_cast<double>(burst_),
                                b.tokens + static_cast<double>(now_ms - b.at_ms) * per_ms);
  }
  b.at_ms = std::max(b.at_ms, now_ms);
  RateLimitDecision d;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    d.remaining = static_cast<int64_t>(std::floor(b.tokens));
    return d;
  }
  d.allowed = false;
  d.retry_after_seconds =
      std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - b.tokens) / per_ms / 1000.0)));
  return d;
}

}  // namespace cg::http
