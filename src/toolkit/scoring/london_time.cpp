#include "toolkit/scoring/london_time.h"

#include <cstdio>
#include <ctime>

namespace cg::toolkit {

namespace {

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int64_t last_sunday_1am_utc(int year, unsigned month) {
  // Last day of the month, then back to Sunday (1970-01-01 was a Thursday: weekday 4).
  static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int64_t day = days_from_civil(year, month, days[month - 1]);
  int64_t weekday = ((day % 7) + 7 + 4) % 7;  // 0 = Sunday
  day -= weekday;
  return day * 86400 + 3600;
}

}  // namespace

bool is_british_summer_time(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  const int year = tm.tm_year + 1900;
  return t >= last_sunday_1am_utc(year, 3) && t < last_sunday_1am_utc(year, 10);
}

int64_t london_day_end_utc(const std::string& d) {
  const int y = std::stoi(d.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(d.substr(5, 2)));
  const unsigned day = static_cast<unsigned>(std::stoi(d.substr(8, 2)));
  const int64_t midnight_utc_next = (days_from_civil(y, m, day) + 1) * 86400;
  // London midnight is an hour earlier in UTC during summer time.
  return is_british_summer_time(midnight_utc_next - 3600) ? midnight_utc_next - 3600
                                                          : midnight_utc_next;
}

std::string london_date(int64_t t) {
  const int64_t local = t + (is_british_summer_time(t) ? 3600 : 0);
  std::time_t tt = static_cast<std::time_t>(local);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

}  // namespace cg::toolkit
