#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/config.h"
#include "core/error.h"

namespace {

TEST(Config, FileThenEnvironmentThenFlags) {
  auto path = std::filesystem::temp_directory_path() / "careguard-config-test.conf";
  std::ofstream(path) << "# comment\n\ndatabase = sqlite:/var/lib/cg.db\nlisten = "
                         "0.0.0.0:9000\nworker_threads = 8\n";
  cg::Config c;
  cg::load_config_file(c, path.string());
  EXPECT_EQ(c.database, "sqlite:/var/lib/cg.db");
  EXPECT_EQ(c.listen_host(), "0.0.0.0");
  EXPECT_EQ(c.listen_port(), 9000);
  EXPECT_EQ(c.worker_threads, 8);
  setenv("CAREGUARD_WORKER_THREADS", "3", 1);
  cg::load_config_env(c);
  unsetenv("CAREGUARD_WORKER_THREADS");
  EXPECT_EQ(c.worker_threads, 3);
  EXPECT_EQ(c.public_base_url(), "http://0.0.0.0:9000");
  std::filesystem::remove(path);
}

TEST(Config, TlsFilesFromFileOrEnvironmentMakeThePublicAddressHttps) {
  cg::Config c;
  cg::apply_setting(c, "listen", "0.0.0.0:8443", "test");
  EXPECT_FALSE(c.serves_tls());
  EXPECT_EQ(c.public_base_url(), "http://0.0.0.0:8443");
  cg::apply_setting(c, "tls_cert_file", "/etc/ssl/careguard/fullchain.pem", "test");
  setenv("CAREGUARD_TLS_KEY_FILE", "/etc/ssl/careguard/privkey.pem", 1);
  cg::load_config_env(c);
  unsetenv("CAREGUARD_TLS_KEY_FILE");
  EXPECT_EQ(c.tls_cert_file, "/etc/ssl/careguard/fullchain.pem");
  EXPECT_EQ(c.tls_key_file, "/etc/ssl/careguard/privkey.pem");
  EXPECT_TRUE(c.serves_tls());
  EXPECT_EQ(c.public_base_url(), "https://0.0.0.0:8443");
  cg::apply_setting(c, "base_url", "https://careguard.example.org", "test");
  EXPECT_EQ(c.public_base_url(), "https://careguard.example.org");
}

TEST(Config, BadSettingsNameTheKeyAndLine) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"colour = blue\n", ":1: unknown setting 'colour'"},
      {"\nworker_threads = many\n", ":2 worker_threads: expected a whole number"},
      {"listen = localhost\n", "expected host:port"},
      {"secure_cookies = maybe\n", "expected true or false"},
      {"just words\n", ":1: expected 'key = value'"},
      {"log_level = loud\n", "expected debug, info, warn or error"},
      {"api_requests_per_minute = 0\n", "api_requests_per_minute"},
      {"\n\napi_burst = lots\n", ":3 api_burst: expected a whole number"},
  };
  auto path = std::filesystem::temp_directory_path() / "careguard-config-bad.conf";
  for (const auto& c : cases) {
    std::ofstream(path) << c.text;
    cg::Config config;
    try {
      cg::load_config_file(config, path.string());
      ADD_FAILURE() << c.text;
    } catch (const cg::Error& e) {
      EXPECT_NE(std::string(e.what()).find(c.expected), std::string::npos) << e.what();
    }
  }
  std::filesystem::remove(path);
}

}  // namespace
