#include "core/config.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <system_error>

#include "core/error.h"

namespace cg {

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool parse_bool(const std::string& v, const std::string& where) {
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  throw Error(ErrorCode::bad_request, where + ": expected true or false, got '" + v + "'");
}

int64_t parse_int(const std::string& v, const std::string& where, int64_t min, int64_t max) {
  try {
    size_t used = 0;
    long long n = std::stoll(v, &used);
    if (used != v.size() || n < min || n > max) throw std::out_of_range("range");
    return n;
  } catch (const std::exception&) {
    throw Error(ErrorCode::bad_request, where + ": expected a whole number from " +
                                            std::to_string(min) + " to " + std::to_string(max) +
                                            ", got '" + v + "'");
  }
}

// "127.0.0.1, 10.0.0.0/8 ::1": addresses and CIDR ranges separated by commas and/or spaces.
std::vector<net::AddressRange> parse_trusted_proxies(const std::string& v,
                                                     const std::string& where) {
  std::vector<net::AddressRange> out;
  size_t pos = 0;
  while (pos < v.size()) {
    const size_t start = v.find_first_not_of(", \t", pos);
    if (start == std::string::npos) break;
    const size_t end = std::min(v.find_first_of(", \t", start), v.size());
    const std::string entry = v.substr(start, end - start);
    pos = end;
    net::RangeParse parsed = net::parse_range(entry);
    if (!parsed.range)
      throw Error(ErrorCode::bad_request,
                  where + ": " + parsed.error +
                      "; expected addresses or CIDR ranges such as 127.0.0.1, 10.0.0.0/8, ::1");
    // Trusting every address would let any client say who it is.
    if (parsed.range->prefix == 0)
      throw Error(ErrorCode::bad_request,
                  where + ": '" + entry +
                      "' trusts every address, so any client could choose its own address; "
                      "list only your proxies");
    out.push_back(*parsed.range);
  }
  return out;
}

}  // namespace

std::string Config::listen_host() const {
  auto colon = listen.rfind(':');
  return colon == std::string::npos ? listen : listen.substr(0, colon);
}

uint16_t Config::listen_port() const {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return 8080;
  return static_cast<uint16_t>(parse_int(listen.substr(colon + 1), "listen", 0, 65535));
}

std::string Config::public_base_url() const {
  if (!base_url.empty()) return base_url;
  return (serves_tls() ? "https://" : "http://") + listen;
}

std::string Config::share() const { return share_dir.empty() ? default_share_dir() : share_dir; }

const std::string& default_share_dir() {
  static const std::string dir = [] {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && exe.parent_path().filename() == "bin") {
      const fs::path installed = exe.parent_path().parent_path() / "share" / "careguard";
      if (fs::is_directory(installed / "templates", ec)) return installed.string();
    }
    return std::string(CAREGUARD_SOURCE_DIR);
  }();
  return dir;
}

void apply_setting(Config& c, const std::string& key, const std::string& value,
                   const std::string& where) {
  const std::string at = where + " " + key;
  static const std::map<std::string,
                        std::function<void(Config&, const std::string&, const std::string&)>>
      setters = {
          {"database", [](Config& c, const std::string& v, const std::string&) { c.database = v; }},
          {"listen",
           [](Config& c, const std::string& v, const std::string& w) {
             c.listen = v;
             auto colon = v.rfind(':');
             if (colon == std::string::npos || colon == 0)
               throw Error(ErrorCode::bad_request, w + ": expected host:port, got '" + v + "'");
             parse_int(v.substr(colon + 1), w, 0, 65535);
           }},
          {"base_url", [](Config& c, const std::string& v, const std::string&) { c.base_url = v; }},
          {"share_dir",
           [](Config& c, const std::string& v, const std::string&) { c.share_dir = v; }},
          {"secure_cookies", [](Config& c, const std::string& v,
                                const std::string& w) { c.secure_cookies = parse_bool(v, w); }},
          {"worker_threads",
           [](Config& c, const std::string& v, const std::string& w) {
             c.worker_threads = static_cast<int>(parse_int(v, w, 1, 256));
           }},
          {"io_threads",
           [](Config& c, const std::string& v, const std::string& w) {
             c.io_threads = static_cast<int>(parse_int(v, w, 1, 64));
           }},
          {"db_pool_size",
           [](Config& c, const std::string& v, const std::string& w) {
             c.db_pool_size = static_cast<int>(parse_int(v, w, 1, 256));
           }},
          {"session_idle_seconds",
           [](Config& c, const std::string& v, const std::string& w) {
             c.session_idle_seconds = parse_int(v, w, 60, 7 * 24 * 3600);
           }},
          {"session_absolute_seconds",
           [](Config& c, const std::string& v, const std::string& w) {
             c.session_absolute_seconds = parse_int(v, w, 60, 30 * 24 * 3600);
           }},
          {"max_body_bytes",
           [](Config& c, const std::string& v, const std::string& w) {
             c.max_body_bytes = parse_int(v, w, 1024, 1024LL * 1024 * 1024);
           }},
          {"header_timeout_seconds",
           [](Config& c, const std::string& v, const std::string& w) {
             c.header_timeout_seconds = parse_int(v, w, 1, 3600);
           }},
          {"idle_timeout_seconds",
           [](Config& c, const std::string& v, const std::string& w) {
             c.idle_timeout_seconds = parse_int(v, w, 1, 3600);
           }},
          {"api_requests_per_minute",
           [](Config& c, const std::string& v, const std::string& w) {
             c.api_requests_per_minute = parse_int(v, w, 1, 1000000);
           }},
          {"api_burst", [](Config& c, const std::string& v,
                           const std::string& w) { c.api_burst = parse_int(v, w, 1, 1000000); }},
          {"smtp_url", [](Config& c, const std::string& v, const std::string&) { c.smtp_url = v; }},
          {"smtp_from",
           [](Config& c, const std::string& v, const std::string&) { c.smtp_from = v; }},
          {"log_level",
           [](Config& c, const std::string& v, const std::string& w) {
             if (v != "debug" && v != "info" && v != "warn" && v != "error")
               throw Error(ErrorCode::bad_request,
                           w + ": expected debug, info, warn or error, got '" + v + "'");
             c.log_level = v;
           }},
          {"access_log", [](Config& c, const std::string& v,
                            const std::string& w) { c.access_log = parse_bool(v, w); }},
          {"tls_cert_file",
           [](Config& c, const std::string& v, const std::string&) { c.tls_cert_file = v; }},
          {"tls_key_file",
           [](Config& c, const std::string& v, const std::string&) { c.tls_key_file = v; }},
          {"trusted_proxies",
           [](Config& c, const std::string& v, const std::string& w) {
             c.trusted_proxies = parse_trusted_proxies(v, w);
           }},
      };
  auto it = setters.find(key);
  if (it == setters.end())
    throw Error(ErrorCode::bad_request, where + ": unknown setting '" + key + "'");
  it->second(c, value, at);
}

void load_config_file(Config& config, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::bad_request, "cannot read config file " + path);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    auto eq = t.find('=');
    const std::string where = path + ":" + std::to_string(number);
    if (eq == std::string::npos)
      throw Error(ErrorCode::bad_request, where + ": expected 'key = value'");
    apply_setting(config, trim(t.substr(0, eq)), trim(t.substr(eq + 1)), where);
  }
}

void load_config_env(Config& config) {
  static const char* keys[] = {"database",
                               "listen",
                               "base_url",
                               "share_dir",
                               "secure_cookies",
                               "worker_threads",
                               "io_threads",
                               "db_pool_size",
                               "session_idle_seconds",
                               "session_absolute_seconds",
                               "max_body_bytes",
                               "header_timeout_seconds",
                               "idle_timeout_seconds",
                               "api_requests_per_minute",
                               "api_burst",
                               "smtp_url",
                               "smtp_from",
                               "log_level",
                               "access_log",
                               "tls_cert_file",
                               "tls_key_file",
                               "trusted_proxies"};
  for (const char* key : keys) {
    std::string env = "CAREGUARD_";
    for (const char* p = key; *p; ++p) env.push_back(static_cast<char>(std::toupper(*p)));
    if (const char* v = std::getenv(env.c_str())) apply_setting(config, key, v, env);
  }
}

}  // namespace cg
