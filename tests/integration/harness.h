#pragma once
// Harness for integration tests that drive the real `careguard` binary over HTTP.
//
//   cg::test::TestServer server;
//   server.start();                          // fresh database, migrate, serve on a free port
//   cg::test::Client client(server.base_url());
//   auto page = client.get("/sign-in");      // remembers the CSRF token in the page
//   auto res = client.post_form("/sign-in", {{"email", "a@b.org"}, {"password", "..."}});
//   EXPECT_EQ(res.status, 303);
//   auto next = client.follow(res);
//
// The database dialect comes from CAREGUARD_TEST_DIALECT (sqlite, the default, or postgres);
// postgres needs CAREGUARD_TEST_POSTGRES_URL (an admin URL, see scripts/services.sh) and each
// TestServer gets its own database, dropped when the TestServer goes away. Mail sent through
// CAREGUARD_TEST_SMTP_URL lands as .eml files in CAREGUARD_TEST_MAIL_DIR; ctest may run the
// SQLite and PostgreSQL suites at the same time against one mail sink, so use unique_email()
// for every address a test sends mail to.
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cg::test {

enum class Dialect { sqlite, postgres };

// The dialect named by CAREGUARD_TEST_DIALECT; throws on an unknown name.
Dialect dialect();
const char* dialect_name(Dialect d);
// Path of the careguard binary under test (CAREGUARD_BINARY, set by CMake).
std::string binary_path();
// Value of an environment variable, or `fallback` when it is unset or empty.
std::string env_or(const char* name, const std::string& fallback = "");
// Checks the environment once at start-up; returns an error message, empty when all is well.
// For postgres, CAREGUARD_TEST_POSTGRES_URL is required: the suite fails rather than skips.
std::string check_environment();

// Random lower-case hex of `bytes` random bytes.
std::string random_hex(size_t bytes = 8);
// A fresh address such as "prefix-3fa9c2d1@example.test".
std::string unique_email(const std::string& prefix = "user");
// The last non-empty line of a command's output, without surrounding white space.
std::string last_line(const std::string& out);
// Whether `part` occurs in `text`.
bool contains(const std::string& text, const std::string& part);
// application/x-www-form-urlencoded encoding of one value.
std::string url_encode(const std::string& value);

struct CliResult {
  int exit_code = -1;  // exit status; 128 + signal when killed by a signal
  std::string out;
  std::string err;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // names lower-cased
  std::string body;
  // First value of the header (name is case-insensitive), empty when absent.
  std::string header(const std::string& name) const;
  std::vector<std::string> header_values(const std::string& name) const;
  bool has_header(const std::string& name) const;
};

class Client;

class TestServer {
 public:
  TestServer();
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // Creates the database and runs `careguard migrate` (start() and cli() call it; idempotent).
  // Throws std::runtime_error, with the output, when something fails.
  void prepare();
  // prepare(), then spawns `careguard serve` on 127.0.0.1 with a free port and waits (20 s at
  // most) until /healthz answers 200. Throws std::runtime_error with the log on failure.
  void start(std::vector<std::string> extra_args = {});
  // SIGTERM, wait up to 10 s, then SIGKILL. Returns the exit status (128 + signal when killed
  // by a signal), or -1 when the server was not running.
  int stop();
  // SIGKILL at once, as a power cut would: no chance to finish or flush anything.
  int kill_hard();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }  // of the running server, for /proc checks
  // For a server started with --tls-cert-file/--tls-key-file: base_url() becomes https, and
  // client() and start()'s health probe trust the certificates in `ca_file` (PEM).
  void use_https(std::string ca_file) { ca_file_ = std::move(ca_file); }

  uint16_t port() const { return port_; }
  std::string base_url() const;  // http://127.0.0.1:PORT (https after use_https)
  std::string database_url() const { return database_url_; }
  std::string dir() const { return dir_; }  // private temporary directory of this server
  std::string log() const;                  // everything the server wrote so far
  Client client() const;                    // a new Client for base_url()

  // Runs `careguard ARGS... --database URL` with `stdin_text` on standard input (120 s at most).
  CliResult cli(std::vector<std::string> args, std::string stdin_text = "");

 private:
  void create_database();
  void drop_database();

  std::string dir_;
  std::string database_url_;
  std::string pg_database_;  // name of the postgres database we created, if any
  bool prepared_ = false;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  int cli_runs_ = 0;
  std::string ca_file_;  // set by use_https
};

class Client {
 public:
  explicit Client(std::string base_url);
  ~Client();
  Client(Client&& other) noexcept;
  Client& operator=(Client&& other) noexcept;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  HttpResponse get(const std::string& path, const Headers& headers = {});
  // POSTs the fields form-encoded. With add_csrf, adds csrf_token from the most recent HTML
  // page this client received (if it had one).
  HttpResponse post_form(const std::string& path,
                         const std::vector<std::pair<std::string, std::string>>& fields,
                         bool add_csrf = true, const Headers& headers = {});
  HttpResponse post_json(const std::string& path, const std::string& json,
                         const Headers& headers = {});
  // Any method; `path` may also be an absolute URL. Redirects are never followed.
  HttpResponse request(const std::string& method, const std::string& path,
                       const std::string& body = "", const Headers& headers = {});
  // GETs the Location of a redirect.
  HttpResponse follow(const HttpResponse& redirect, const Headers& headers = {});

  std::string csrf_token() const { return csrf_token_; }
  const std::string& last_html() const { return last_html_; }
  // Value of a cookie this client holds, empty when it has none by that name.
  std::string cookie(const std::string& name) const;
  void clear_cookies();
  void set_timeout_ms(long ms) { timeout_ms_ = ms; }
  // Trusts the certificates in this PEM file, instead of the system's, for https URLs.
  void set_ca_file(std::string path) { ca_file_ = std::move(path); }
  const std::string& base_url() const { return base_url_; }

 private:
  void* curl_ = nullptr;  // CURL*
  std::string base_url_;
  std::string last_html_;
  std::string csrf_token_;
  long timeout_ms_ = 60000;
  std::string ca_file_;
};

// Sends raw bytes to 127.0.0.1:port and returns everything read until the server closes the
// connection or 5 s pass.
std::string raw_exchange(uint16_t port, const std::string& bytes);
// Status code of a raw HTTP response ("HTTP/1.1 400 Bad Request..." gives 400), 0 if none.
int raw_status(const std::string& raw_response);

// Contents of every message in CAREGUARD_TEST_MAIL_DIR addressed (To, Cc or envelope) to
// `address`, oldest first. Address matching is case-insensitive.
std::vector<std::string> mails_to(const std::string& address);
// Waits until at least `count` messages to `address` have arrived and returns the newest;
// returns an empty string (and records a test failure) after `seconds`.
std::string wait_for_mail(const std::string& address, int seconds = 10, size_t count = 1);
// Readable text of a message: headers dropped, quoted-printable and base64 decoded, the text
// parts of a multipart message joined.
std::string mail_text(const std::string& eml);
// Value of a header of a message (first one, case-insensitive name, folded lines joined).
std::string mail_header(const std::string& eml, const std::string& name);
// First http(s) URL in `text` that contains `fragment`, empty when there is none.
std::string find_url(const std::string& text, const std::string& fragment = "");

}  // namespace cg::test
