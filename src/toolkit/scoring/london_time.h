#pragma once
// Deadlines are "end of the day in London". UK clocks go forward at 01:00 UTC on the last
// Sunday of March and back at 01:00 UTC on the last Sunday of October.
#include <cstdint>
#include <string>

namespace cg::toolkit {

// Unix seconds of the first moment after the given London calendar day ends.
int64_t london_day_end_utc(const std::string& yyyy_mm_dd);
// The London calendar date (YYYY-MM-DD) at a moment.
std::string london_date(int64_t unix_seconds);
bool is_british_summer_time(int64_t unix_seconds);

}  // namespace cg::toolkit
