#pragma once
// Server configuration. Precedence, lowest to highest: built-in defaults, config file
// (key = value lines), environment variables CAREGUARD_<KEY>, command-line options.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/ip_address.h"

namespace cg {

struct Config {
  std::string database = "sqlite:./data/careguard.db";
  std::string listen = "127.0.0.1:8080";
  std::string base_url;        // public address used in emails; defaults to http(s)://<listen>
  std::string share_dir;       // templates/, web/dist, content/; empty: default_share_dir()
  bool secure_cookies = true;  // may be off only for plain-HTTP localhost
  int worker_threads = 4;      // bounded pool for handlers and blocking database calls
  int io_threads = 2;          // threads that read and write connections
  int db_pool_size = 8;
  int64_t session_idle_seconds = 30 * 60;
  int64_t session_absolute_seconds = 12 * 60 * 60;
  int64_t max_body_bytes = 10 * 1024 * 1024;
  int64_t header_timeout_seconds = 10;
  int64_t idle_timeout_seconds = 60;
  int64_t api_requests_per_minute = 1200;  // per API token, on average
  int64_t api_burst = 600;                 // per API token, at once
  std::string smtp_url;                    // smtp://host:port; empty = emails stay in the outbox
  std::string smtp_from = "careguard@localhost";
  std::string log_level = "info";
  bool access_log = true;
  std::string tls_cert_file;  // PEM certificate, then any intermediates; with tls_key_file
  std::string tls_key_file;   // PEM private key without a passphrase
  // Reverse proxies whose X-Forwarded-For / Forwarded headers are believed (addresses or CIDR
  // ranges, IPv4 or IPv6, separated by commas or spaces). Empty: the headers are ignored and
  // the connection's peer is the client.
  std::vector<net::AddressRange> trusted_proxies;

  // True when either TLS file is set: the server then serves HTTPS only (and refuses to start
  // unless both are set and usable).
  bool serves_tls() const { return !tls_cert_file.empty() || !tls_key_file.empty(); }
  std::string listen_host() const;
  uint16_t listen_port() const;
  std::string public_base_url() const;
  // share_dir when it is set, else default_share_dir().
  std::string share() const;
};

// Where templates/, content/ and web/dist/ are when share_dir is not set: PREFIX/share/careguard
// when the running program is PREFIX/bin/careguard and that folder holds templates/ (an installed
// package: /usr/bin/careguard reads /usr/share/careguard), else the source tree it was built from
// (a build in build/ reads the checkout).
const std::string& default_share_dir();

// Applies key/value settings (from a file or the environment) to a config. Throws cg::Error
// naming the key for unknown keys or bad values.
void apply_setting(Config& config, const std::string& key, const std::string& value,
                   const std::string& where);
void load_config_file(Config& config, const std::string& path);
void load_config_env(Config& config);

}  // namespace cg
