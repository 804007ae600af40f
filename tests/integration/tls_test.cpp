// careguard serve with direct TLS: pages over HTTPS with HSTS and Secure cookies, TLS 1.3 by
// default, TLS 1.0/1.1, weak TLS 1.2 suites and renegotiation refused, plain HTTP to the HTTPS
// port gets no page, silent clients are dropped, links in emails use https, and a certificate
// or key that cannot be used stops the start with a message naming the file; SIGHUP loads a
// renewed certificate and keeps the old one when the new pair is broken.
//
// A throwaway self-signed certificate for 127.0.0.1 is made with the openssl command for each
// test. The protocol checks use `openssl s_client`, whose -brief output names the protocol
// and cipher suite agreed.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "flows.h"
#include "harness.h"

namespace cg::test {
namespace {

constexpr const char* kHsts = "max-age=31536000; includeSubDomains";

struct Shell {
  int exit_code = -1;
  std::string output;  // standard output and standard error together
};

// Runs a command line with /bin/sh; the exit code is that of its last command.
Shell run_shell(const std::string& command) {
  Shell result;
  FILE* pipe = ::popen(("{ " + command + "; } 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Makes a P-256 key and a self-signed certificate for 127.0.0.1 valid for two days.
void make_certificate(const std::string& cert, const std::string& key) {
  Shell r = run_shell(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
      "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
      key + " -out " + cert);
  ASSERT_EQ(r.exit_code, 0) << r.output;
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cert_ = server_.dir() + "/cert.pem";
    key_ = server_.dir() + "/key.pem";
    ASSERT_NO_FATAL_FAILURE(make_certificate(cert_, key_));
    server_.use_https(cert_);
  }

  std::vector<std::string> tls_args(std::vector<std::string> more = {}) const {
    std::vector<std::string> args = {"--tls-cert-file", cert_, "--tls-key-file", key_};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  // A TLS connection to the server by `openssl s_client` with extra options, reading what
  // `input` (a shell command) prints; the server's certificate is checked against ours.
  Shell s_client(const std::string& options, const std::string& input = "true") const {
    // `timeout` so that a connection the server never ends cannot hang the suite.
    return run_shell(input + " | timeout 15 openssl s_client -connect 127.0.0.1:" +
                     std::to_string(server_.port()) + " -CAfile " + cert_ +
                     " -verify_return_error " + options);
  }

  // Expects a started server to answer start() by exiting, with a message that contains
  // every one of `expected`, and never to have listened.
  void expect_refused_start(const std::vector<std::string>& args,
                            const std::vector<std::string>& expected) {
    std::string message;
    try {
      server_.start(args);
      server_.stop();
      ADD_FAILURE() << "the server started";
      return;
    } catch (const std::runtime_error& e) {
      message = e.what();
    }
    EXPECT_NE(message.find("exited with status 2 while starting"), std::string::npos) << message;
    for (const auto& text : expected) EXPECT_NE(message.find(text), std::string::npos) << message;
    EXPECT_FALSE(std::filesystem::exists(server_.dir() + "/port")) << "it listened first";
  }

  TestServer server_;
  std::string cert_;
  std::string key_;
};

TEST_F(TlsTest, ServesPagesOverHttpsWithHstsAndSecureCookies) {
  server_.start(tls_args());  // the harness also passes --insecure-cookies: TLS overrides it
  Client client = server_.client();
  HttpResponse page = client.get("/sign-in");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Sign in"), std::string::npos);
  EXPECT_EQ(page.header("strict-transport-security"), kHsts);
  const auto cookies = page.header_values("set-cookie");
  ASSERT_FALSE(cookies.empty()) << "signed-out visitors get a CSRF cookie";
  for (const auto& cookie : cookies)
    EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;

  for (const char* path : {"/healthz", "/no-such-page"}) {
    HttpResponse r = client.get(path);
    EXPECT_EQ(r.header("strict-transport-security"), kHsts) << path << " " << r.status;
  }
  EXPECT_NE(server_.log().find("secure_cookies_forced"), std::string::npos);
  EXPECT_NE(server_.log().find("\"scheme\":\"https\""), std::string::npos);
  EXPECT_EQ(server_.stop(), 0) << "graceful shutdown over TLS";
}

TEST_F(TlsTest, LimitsAndTheServersOwnErrorsWorkOverHttps) {
  server_.start(tls_args({"--max-body-bytes", "2048"}));
  Client client = server_.client();
  HttpResponse big = client.post_form(
      "/sign-in", {{"email", "someone@example.test"}, {"password", std::string(10 * 1024, 'a')}},
      false);
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_EQ(big.header("strict-transport-security"), kHsts);

  // -quiet keeps reading until the server closes, which it does after its 400.
  Shell garbage = s_client("-quiet", "printf 'this is not http\\r\\n\\r\\n'");
  EXPECT_NE(garbage.output.find("HTTP/1.1 400"), std::string::npos) << garbage.output;
  EXPECT_NE(garbage.output.find(std::string("Strict-Transport-Security: ") + kHsts),
            std::string::npos)
      << garbage.output;
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST_F(TlsTest, Tls13IsNegotiatedByDefault) {
  server_.start(tls_args());
  Shell r = s_client("-brief");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Protocol version: TLSv1.3"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Verification: OK"), std::string::npos) << r.output;
}

TEST_F(TlsTest, TlsOneAndOneOneAreRefusedByTheServer) {
  server_.start(tls_args());
  // SECLEVEL=0 lets this client offer the old versions at all; the protocol_version alert
  // shows the refusal came from the server.
  for (const char* version : {"-tls1_1", "-tls1"}) {
    Shell r = s_client(std::string(version) + " -cipher DEFAULT@SECLEVEL=0 -brief");
    EXPECT_NE(r.exit_code, 0) << version << "\n" << r.output;
    EXPECT_NE(r.output.find("alert protocol version"), std::string::npos) << version << "\n"
                                                                          << r.output;
  }
}

TEST_F(TlsTest, Tls12AllowsOnlyForwardSecretAeadSuitesInTheServersOrder) {
  server_.start(tls_args());
  for (const char* weak : {"ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384", "AES128-SHA"}) {
    Shell r = s_client(std::string("-tls1_2 -cipher ") + weak + " -brief");
    EXPECT_NE(r.exit_code, 0) << weak << "\n" << r.output;
    EXPECT_NE(r.output.find("alert handshake failure"), std::string::npos) << weak << "\n"
                                                                           << r.output;
  }
  // The client prefers ChaCha20, the server's own order wins.
  Shell both = s_client(
      "-tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256 -brief");
  EXPECT_EQ(both.exit_code, 0) << both.output;
  EXPECT_NE(both.output.find("Protocol version: TLSv1.2"), std::string::npos) << both.output;
  EXPECT_NE(both.output.find("Ciphersuite: ECDHE-ECDSA-AES128-GCM-SHA256"), std::string::npos)
      << both.output;
  Shell chacha = s_client("-tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305 -brief");
  EXPECT_EQ(chacha.exit_code, 0) << chacha.output;
  EXPECT_NE(chacha.output.find("Ciphersuite: ECDHE-ECDSA-CHACHA20-POLY1305"), std::string::npos)
      << chacha.output;
}

TEST_F(TlsTest, RenegotiationIsRefused) {
  server_.start(tls_args());
  // s_client renegotiates when a line starting with R arrives after the handshake. OpenSSL's
  // "no renegotiation" reason comes from the server's no_renegotiation alert.
  Shell r = s_client("-tls1_2 -brief", "(sleep 1; printf 'R\\n'; sleep 2)");
  EXPECT_NE(r.output.find("RENEGOTIATING"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no renegotiation"), std::string::npos) << r.output;
}

TEST_F(TlsTest, PlainHttpToTheHttpsPortGetsNoPage) {
  server_.start(tls_args());
  std::string raw =
      raw_exchange(server_.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(raw_status(raw), 0) << raw;
  EXPECT_EQ(raw.find("status"), std::string::npos) << raw;
  Client plain("http://127.0.0.1:" + std::to_string(server_.port()));
  plain.set_timeout_ms(5000);
  EXPECT_THROW(plain.get("/healthz"), std::exception);
  EXPECT_EQ(server_.client().get("/healthz").status, 200) << "HTTPS still served";
}

TEST_F(TlsTest, ClientThatNeverStartsTheHandshakeIsDropped) {
  server_.start(tls_args({"--header-timeout-seconds", "1"}));
  const auto started = std::chrono::steady_clock::now();
  std::string raw = raw_exchange(server_.port(), "");  // gives up by itself after 5 s
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_TRUE(raw.empty()) << raw;
  EXPECT_GE(seconds, 0.9);
  EXPECT_LT(seconds, 3.0) << "not closed after the 1 s header timeout";
}

TEST_F(TlsTest, InvitationLinksUseHttps) {
  ASSERT_TRUE(add_national_region_and_ics(server_));
  CliResult org = server_.cli({"org", "add", "--name", "Harbour View", "--type", "care_home",
                               "--ods", "HV123", "--parent", "QYG"});
  ASSERT_EQ(org.exit_code, 0) << org.err;
  const std::string org_id = org.out.substr(0, org.out.find_first_of("\r\n"));
  const std::string lead = unique_email("tls-lead");
  ASSERT_EQ(server_
                .cli({"user", "add", "--email", lead, "--name", "Lee Lead", "--org", "HV123",
                      "--role", "org_lead", "--password-stdin"},
                     "kettle orange bicycle lantern\n")
                .exit_code,
            0);
  enrol_mfa_in_database(server_, lead);
  CliResult token =
      server_.cli({"token", "create", "--email", lead, "--org", "HV123", "--name", "tls test"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  const std::string secret = token.out.substr(0, token.out.find_first_of("\r\n"));

  server_.start(tls_args());
  Client client = server_.client();
  const std::string invitee = unique_email("tls-invitee");
  HttpResponse invite = client.post_json(
      "/api/v1/orgs/" + org_id + "/invitations",
      nlohmann::json{{"email", invitee}, {"name", "Ivy New"}, {"role", "staff"}}.dump(),
      {{"Authorization", "Bearer " + secret}});
  ASSERT_EQ(invite.status, 201) << invite.body;
  const std::string link = find_url(mail_text(wait_for_mail(invitee)), "/invitations/");
  EXPECT_EQ(link.rfind(server_.base_url() + "/", 0), 0u) << link;
  EXPECT_EQ(link.rfind("https://", 0), 0u) << link;
}

// A renewed certificate is picked up on SIGHUP without a restart; a broken renewal is logged
// and the certificate already in use is kept.
TEST_F(TlsTest, SighupReloadsTheCertificateAndKeepsTheOldOneWhenTheNewIsBroken) {
  const std::string dir = server_.dir();
  const std::string old_cert = dir + "/old-cert.pem";
  const std::string new_cert = dir + "/new-cert.pem", new_key = dir + "/new-key.pem";
  ASSERT_EQ(run_shell("cp " + cert_ + " " + old_cert).exit_code, 0);
  ASSERT_NO_FATAL_FAILURE(make_certificate(new_cert, new_key));
  server_.start(tls_args());

  // Verifies the certificate served to a new connection against `ca`.
  auto served_by = [&](const std::string& ca) {
    return run_shell(
               "timeout 15 openssl s_client -connect 127.0.0.1:" + std::to_string(server_.port()) +
               " -CAfile " + ca + " -verify_return_error -brief </dev/null")
               .exit_code == 0;
  };
  auto wait_for_log = [&](const std::string& text) {
    for (int i = 0; i < 100 && server_.log().find(text) == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return server_.log().find(text) != std::string::npos;
  };
  ASSERT_TRUE(served_by(old_cert));
  ASSERT_FALSE(served_by(new_cert));

  // A half-written renewal: the new certificate beside the old key.
  ASSERT_EQ(run_shell("cp " + new_cert + " " + cert_).exit_code, 0);
  ASSERT_EQ(::kill(server_.pid(), SIGHUP), 0);
  ASSERT_TRUE(wait_for_log("tls_reload_failed")) << server_.log();
  EXPECT_NE(server_.log().find("does not belong to the certificate"), std::string::npos);
  EXPECT_TRUE(served_by(old_cert)) << "the old certificate is still served";
  EXPECT_TRUE(server_.running());

  ASSERT_EQ(run_shell("cp " + new_key + " " + key_).exit_code, 0);
  ASSERT_EQ(::kill(server_.pid(), SIGHUP), 0);
  ASSERT_TRUE(wait_for_log("tls_reloaded")) << server_.log();
  EXPECT_TRUE(served_by(new_cert));
  EXPECT_FALSE(served_by(old_cert));
  EXPECT_EQ(server_.client().get("/healthz").status, 200);
  EXPECT_EQ(server_.stop(), 0);
}

TEST_F(TlsTest, StartRefusesACertificateOrKeyItCannotUse) {
  const std::string dir = server_.dir();
  const std::string missing = dir + "/missing-key.pem";
  expect_refused_start({"--tls-cert-file", cert_, "--tls-key-file", missing},
                       {"tls_key_file " + missing, "No such file"});

  const std::string other_cert = dir + "/other-cert.pem", other_key = dir + "/other-key.pem";
  ASSERT_NO_FATAL_FAILURE(make_certificate(other_cert, other_key));
  expect_refused_start({"--tls-cert-file", cert_, "--tls-key-file", other_key},
                       {"tls_key_file " + other_key, "does not belong to the certificate"});

  expect_refused_start({"--tls-cert-file", key_, "--tls-key-file", key_},
                       {"tls_cert_file " + key_, "not a PEM certificate"});
  expect_refused_start({"--tls-cert-file", cert_, "--tls-key-file", cert_},
                       {"tls_key_file " + cert_, "not a PEM private key"});
  expect_refused_start({"--tls-cert-file", cert_},
                       {"tls_cert_file is set but tls_key_file is not"});
}

}  // namespace
}  // namespace cg::test
