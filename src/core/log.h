#pragma once
// Structured logs: one JSON object per line on stderr.
#include <nlohmann/json.hpp>
#include <string>

namespace cg::log {

enum class Level { debug, info, warn, error };
void set_level(const std::string& level);
void write(Level level, const std::string& event, nlohmann::json fields = nlohmann::json::object());
inline void info(const std::string& e, nlohmann::json f = nlohmann::json::object()) {
  write(Level::info, e, std::move(f));
}
inline void warn(const std::string& e, nlohmann::json f = nlohmann::json::object()) {
  write(Level::warn, e, std::move(f));
}
inline void error(const std::string& e, nlohmann::json f = nlohmann::json::object()) {
  write(Level::error, e, std::move(f));
}

}  // namespace cg::log
