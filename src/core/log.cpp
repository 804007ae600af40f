#include "core/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace cg::log {

namespace {
std::atomic<int> min_level{static_cast<int>(Level::info)};
const char* names[] = {"debug", "info", "warn", "error"};
}  // namespace

void set_level(const std::string& level) {
  for (int i = 0; i < 4; ++i)
    if (level == names[i]) min_level = i;
}

void write(Level level, const std::string& event, nlohmann::json fields) {
  if (static_cast<int>(level) < min_level.load(std::memory_order_relaxed)) return;
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char ts[40];
  size_t n = std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(ts + n, sizeof ts - n, ".%03dZ", static_cast<int>(ms % 1000));
  nlohmann::json line = {{"time", ts}, {"level", names[static_cast<int>(level)]}, {"event", event}};
  if (fields.is_object())
    for (auto& [k, v] : fields.items()) line[k] = v;
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace cg::log
