#pragma once
// Calendar arithmetic on YYYY-MM-DD dates for the synthetic dataset (proleptic Gregorian).
#include <cstdint>
#include <string>

namespace cg::demo {

// Days since 1970-01-01 of a YYYY-MM-DD date (throws std::invalid_argument when malformed).
int64_t day_number(const std::string& yyyy_mm_dd);
// The YYYY-MM-DD date of a day number.
std::string date_of(int64_t day_number);
// The date `days` after (negative: before) the given one.
std::string add_days(const std::string& yyyy_mm_dd, int64_t days);
// Unix seconds at noon UTC on that day (noon is the same London date all year round).
int64_t noon_utc(const std::string& yyyy_mm_dd);

}  // namespace cg::demo
