#pragma once
// Time as whole seconds since the Unix epoch (UTC). Pure helpers take "now" as a parameter so
// rules stay testable; only the composition root reads the real clock.
#include <cstdint>
#include <string>

namespace cg::clock {

int64_t now();
std::string iso8601(int64_t unix_seconds);     // 2026-11-22T16:30:00Z
std::string human_date(int64_t unix_seconds);  // 22 November 2026

}  // namespace cg::clock
