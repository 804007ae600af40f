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

TEST(Config, TrustedProxiesAreAddressesAndRangesFromFileEnvironmentOrFlag) {
  cg::Config c;
  EXPECT_TRUE(c.trusted_proxies.empty());  // by default nobody's forwarding headers count
  cg::apply_setting(c, "trusted_proxies", " 127.0.0.1,10.0.0.0/8  ::1,\t2001:db8::/32 ,",
                    "--trusted-proxies");
  std::vector<std::string> printed;
  for (const auto& r : c.trusted_proxies) printed.push_back(cg::net::to_string(r));
  EXPECT_EQ(printed,
            (std::vector<std::string>{"127.0.0.1/32", "10.0.0.0/8", "::1/128", "2001:db8::/32"}));
  setenv("CAREGUARD_TRUSTED_PROXIES", "192.0.2.10", 1);
  cg::load_config_env(c);
  unsetenv("CAREGUARD_TRUSTED_PROXIES");
  ASSERT_EQ(c.trusted_proxies.size(), 1u);
  EXPECT_EQ(cg::net::to_string(c.trusted_proxies[0]), "192.0.2.10/32");
  cg::apply_setting(c, "trusted_proxies", "", "test");  // an empty value trusts nobody again
  EXPECT_TRUE(c.trusted_proxies.empty());
  try {
    cg::apply_setting(c, "trusted_proxies", "10.0.0.0/8 nginx", "--trusted-proxies");
    ADD_FAILURE() << "a host name was accepted";
  } catch (const cg::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "--trusted-proxies trusted_proxies: 'nginx' is not an IP address or CIDR range; "
              "expected addresses or CIDR ranges such as 127.0.0.1, 10.0.0.0/8, ::1");
  }
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
      {"trusted_proxies = proxy.internal\n",
       ":1 trusted_proxies: 'proxy.internal' is not an IP address or CIDR range; expected "
       "addresses or CIDR ranges such as 127.0.0.1, 10.0.0.0/8, ::1"},
      {"trusted_proxies = 127.0.0.1, 10.0.0.1/8\n",
       ":1 trusted_proxies: '10.0.0.1/8' has bits set past its /8 prefix (did you mean "
       "10.0.0.0/8?)"},
      {"trusted_proxies = 10.0.0.0/40\n", "trusted_proxies: '10.0.0.0/40' has a prefix length"},
      {"trusted_proxies = 0.0.0.0/0\n", "trusted_proxies: '0.0.0.0/0' trusts every address"},
      {"trusted_proxies = ::/0\n", "trusted_proxies: '::/0' trusts every address"},
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
