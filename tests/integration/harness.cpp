#include "harness.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/crypto.h"
#include "raw_http.h"

#ifndef CAREGUARD_BINARY
#error "CAREGUARD_BINARY must be defined (the path of the careguard binary under test)"
#endif

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace cg::test {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string tail_lines(const std::string& text, size_t lines) {
  size_t pos = text.size();
  for (size_t n = 0; n <= lines && pos > 0; ++n) {
    pos = text.rfind('\n', pos - 1);
    if (pos == std::string::npos) return text;
  }
  return text.substr(pos + 1);
}

int status_of(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

// Waits for `pid` for at most `timeout`; returns true and sets `status` when it exited.
bool wait_for_exit(pid_t pid, std::chrono::milliseconds timeout, int& status) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    int ws = 0;
    pid_t r = ::waitpid(pid, &ws, WNOHANG);
    if (r == pid) {
      status = status_of(ws);
      return true;
    }
    if (r < 0 && errno != EINTR) {
      status = -1;
      return true;  // not our child any more
    }
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// fork/exec `argv` in its own process group with stdin/stdout/stderr redirected to files.
// The child dies with the test process (PR_SET_PDEATHSIG) so a crashed suite leaks nothing.
pid_t spawn(const std::vector<std::string>& argv, const std::string& stdin_path,
            const std::string& stdout_path, const std::string& stderr_path) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  int in_fd = ::open(stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY | O_CLOEXEC);
  int out_fd = ::open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  int err_fd = stderr_path == stdout_path
                   ? out_fd
                   : ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) {
    if (in_fd >= 0) ::close(in_fd);
    if (out_fd >= 0) ::close(out_fd);
    if (err_fd >= 0 && err_fd != out_fd) ::close(err_fd);
    throw std::runtime_error("cannot open redirection files for " + argv[0]);
  }
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(in_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    ::execv(args[0], args.data());
    const char msg[] = "exec failed\n";
    [[maybe_unused]] auto ignored = ::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from the parent, so it holds before we ever signal the group
  ::close(in_fd);
  ::close(out_fd);
  if (err_fd != out_fd) ::close(err_fd);
  return pid;
}

struct PgConn {
  PGconn* conn = nullptr;
  explicit PgConn(const std::string& url) : conn(PQconnectdb(url.c_str())) {
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string message = PQerrorMessage(conn);
      PQfinish(conn);
      conn = nullptr;
      throw std::runtime_error("cannot connect to " + url + ": " + message);
    }
  }
  ~PgConn() {
    if (conn) PQfinish(conn);
  }
  void exec(const std::string& sql) {
    PGresult* r = PQexec(conn, sql.c_str());
    ExecStatusType st = PQresultStatus(r);
    std::string message = PQresultErrorMessage(r);
    PQclear(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
      throw std::runtime_error(sql + ": " + message);
  }
};

// Replaces the database name (the path) of a postgresql:// URL.
std::string with_database(const std::string& url, const std::string& name) {
  size_t scheme = url.find("://");
  size_t authority = scheme == std::string::npos ? 0 : scheme + 3;
  size_t query = url.find('?', authority);
  size_t slash = url.find('/', authority);
  if (slash != std::string::npos && query != std::string::npos && slash > query)
    slash = std::string::npos;
  std::string head = url.substr(0, slash != std::string::npos   ? slash
                                   : query != std::string::npos ? query
                                                                : url.size());
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return head + "/" + name + tail;
}

size_t write_body(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t write_header(char* data, size_t size, size_t n, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    response->headers.clear();  // a new header block (after 100 Continue, say)
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon != std::string::npos)
    response->headers.emplace(lower(trim(line.substr(0, colon))), trim(line.substr(colon + 1)));
  return size * n;
}

bool is_address_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' ||
         c == '+' || c == '-';
}

// True when `haystack` holds `needle` (both lower case) not as part of a longer address.
bool contains_address(const std::string& haystack, const std::string& needle) {
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    bool before_ok = pos == 0 || !is_address_char(haystack[pos - 1]);
    size_t end = pos + needle.size();
    bool after_ok = end >= haystack.size() || !is_address_char(haystack[end]) ||
                    (haystack[end] == '.' &&
                     (end + 1 >= haystack.size() || !is_address_char(haystack[end + 1])));
    if (before_ok && after_ok) return true;
  }
  return false;
}

// Splits a message into unfolded header lines and the body.
void split_message(const std::string& eml,
                   std::vector<std::pair<std::string, std::string>>& headers, std::string& body) {
  size_t pos = 0;
  std::string current;
  auto flush = [&] {
    if (current.empty()) return;
    size_t colon = current.find(':');
    if (colon != std::string::npos)
      headers.emplace_back(lower(trim(current.substr(0, colon))), trim(current.substr(colon + 1)));
    current.clear();
  };
  while (pos < eml.size()) {
    size_t eol = eml.find('\n', pos);
    std::string line = eml.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    pos = eol == std::string::npos ? eml.size() : eol + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      flush();
      body = eml.substr(pos);
      return;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      current += " " + trim(line);
    } else {
      flush();
      current = line;
    }
  }
  flush();
  body.clear();
}

std::string header_of(const std::vector<std::pair<std::string, std::string>>& headers,
                      const std::string& name) {
  std::string key = lower(name);
  for (const auto& [k, v] : headers)
    if (k == key) return v;
  return "";
}

std::string decode_quoted_printable(const std::string& in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '=') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 1 < in.size() && (in[i + 1] == '\n' || in[i + 1] == '\r')) {  // soft line break
      i += (in[i + 1] == '\r' && i + 2 < in.size() && in[i + 2] == '\n') ? 2 : 1;
      continue;
    }
    if (i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
      i += 2;
      continue;
    }
    out.push_back('=');
  }
  return out;
}

std::string decode_base64(const std::string& in) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    size_t v = alphabet.find(c);
    if (v == std::string::npos) continue;  // whitespace, padding
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

std::string header_param(const std::string& value, const std::string& param) {
  std::regex re(param + R"re(\s*=\s*(?:"([^"]*)"|([^;\s]+)))re", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(value, m, re)) return "";
  return m[1].matched ? m[1].str() : m[2].str();
}

std::string part_text(const std::string& eml, int depth) {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  split_message(eml, headers, body);
  std::string type = lower(header_of(headers, "content-type"));
  if (type.rfind("multipart/", 0) == 0 && depth < 8) {
    std::string boundary = header_param(header_of(headers, "content-type"), "boundary");
    if (boundary.empty()) return body;
    std::string marker = "--" + boundary;
    std::string out;
    size_t pos = body.find(marker);
    while (pos != std::string::npos) {
      pos += marker.size();
      if (body.compare(pos, 2, "--") == 0) break;
      size_t start = body.find('\n', pos);
      if (start == std::string::npos) break;
      size_t next = body.find(marker, start);
      std::string part =
          body.substr(start + 1, next == std::string::npos ? std::string::npos : next - start - 1);
      std::string text = part_text(part, depth + 1);
      if (!text.empty()) {
        if (!out.empty()) out += "\n";
        out += text;
      }
      pos = next;
    }
    return out;
  }
  if (!type.empty() && type.rfind("text/", 0) != 0) return "";  // attachments and the like
  std::string encoding = lower(header_of(headers, "content-transfer-encoding"));
  if (encoding == "quoted-printable") return decode_quoted_printable(body);
  if (encoding == "base64") return decode_base64(body);
  return body;
}

}  // namespace

// ---- environment ------------------------------------------------------------------------

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

Dialect dialect() {
  std::string name = lower(env_or("CAREGUARD_TEST_DIALECT", "sqlite"));
  if (name == "sqlite") return Dialect::sqlite;
  if (name == "postgres" || name == "postgresql") return Dialect::postgres;
  throw std::runtime_error("CAREGUARD_TEST_DIALECT must be sqlite or postgres, not '" + name + "'");
}

const char* dialect_name(Dialect d) { return d == Dialect::sqlite ? "sqlite" : "postgres"; }

std::string binary_path() { return env_or("CAREGUARD_BINARY", CAREGUARD_BINARY); }

std::string check_environment() {
  Dialect d;
  try {
    d = dialect();
  } catch (const std::exception& e) {
    return e.what();
  }
  if (!fs::exists(binary_path())) return "careguard binary not found at " + binary_path();
  if (d == Dialect::postgres) {
    std::string url = env_or("CAREGUARD_TEST_POSTGRES_URL");
    if (url.empty())
      return "CAREGUARD_TEST_DIALECT=postgres needs CAREGUARD_TEST_POSTGRES_URL (start a server "
             "with `scripts/services.sh start` and `eval \"$(scripts/services.sh env)\"`, or run "
             "`make test`)";
    try {
      PgConn probe(url);
    } catch (const std::exception& e) {
      return e.what();
    }
  }
  return "";
}

std::string random_hex(size_t bytes) { return crypto::hex(crypto::random_bytes(bytes)); }

std::string last_line(const std::string& out) {
  const auto end = out.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return "";
  const auto nl = out.find_last_of('\n', end);
  const auto begin = out.find_first_not_of(" \t\r", nl == std::string::npos ? 0 : nl + 1);
  return out.substr(begin, end - begin + 1);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string unique_email(const std::string& prefix) {
  return prefix + "-" + random_hex(6) + "@example.test";
}

std::string url_encode(const std::string& value) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    }
  }
  return out;
}

// ---- HttpResponse -----------------------------------------------------------------------

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? "" : it->second;
}

std::vector<std::string> HttpResponse::header_values(const std::string& name) const {
  std::vector<std::string> out;
  auto [b, e] = headers.equal_range(lower(name));
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

bool HttpResponse::has_header(const std::string& name) const {
  return headers.count(lower(name)) > 0;
}

// ---- TestServer -------------------------------------------------------------------------

TestServer::TestServer() {
  fs::path base = env_or("CAREGUARD_TEST_TMPDIR", env_or("TMPDIR", "/tmp"));
  std::string pattern = (base / "cg-it-XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (!::mkdtemp(buffer.data()))
    throw std::runtime_error("mkdtemp failed in " + base.string() + ": " + std::strerror(errno));
  dir_ = buffer.data();
}

TestServer::~TestServer() {
  try {
    if (running()) stop();
  } catch (...) {
  }
  bool failed = ::testing::Test::HasFailure();
  if (failed && fs::exists(dir_ + "/server.log")) {
    std::cerr << "---- last lines of the careguard log (" << dir_ << "/server.log) ----\n"
              << tail_lines(log(), 60) << "---- end of log ----\n";
  }
  try {
    drop_database();
  } catch (const std::exception& e) {
    std::cerr << "warning: " << e.what() << "\n";
  }
  if (env_or("CAREGUARD_TEST_KEEP").empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  } else {
    std::cerr << "keeping " << dir_ << "\n";
  }
}

void TestServer::create_database() {
  if (dialect() == Dialect::sqlite) {
    database_url_ = "sqlite:" + dir_ + "/careguard.db";
    return;
  }
  std::string admin = env_or("CAREGUARD_TEST_POSTGRES_URL");
  if (admin.empty())
    throw std::runtime_error("CAREGUARD_TEST_POSTGRES_URL is required for the postgres dialect");
  std::string name = "cg_it_" + random_hex(8);
  PgConn conn(admin);
  conn.exec("CREATE DATABASE " + name);
  pg_database_ = name;
  database_url_ = with_database(admin, name);
}

void TestServer::drop_database() {
  if (pg_database_.empty()) return;
  std::string name = std::move(pg_database_);
  pg_database_.clear();
  PgConn conn(env_or("CAREGUARD_TEST_POSTGRES_URL"));
  conn.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

void TestServer::prepare() {
  if (prepared_) return;
  create_database();
  prepared_ = true;  // cli() below needs the URL; a failed migrate still leaves a database to drop
  CliResult r = cli({"migrate"});
  if (r.exit_code != 0) {
    throw std::runtime_error("careguard migrate --database " + database_url_ + " exited with " +
                             std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" +
                             r.err);
  }
}

std::string TestServer::base_url() const {
  return (ca_file_.empty() ? "http" : "https") + std::string("://127.0.0.1:") +
         std::to_string(port_);
}

std::string TestServer::log() const { return read_file(dir_ + "/server.log"); }

Client TestServer::client() const {
  Client c(base_url());
  if (!ca_file_.empty()) c.set_ca_file(ca_file_);
  return c;
}

void TestServer::start(std::vector<std::string> extra_args) {
  if (running()) throw std::runtime_error("TestServer::start: already running");
  prepare();
  std::string port_file = dir_ + "/port";
  std::error_code ec;
  fs::remove(port_file, ec);

  std::vector<std::string> argv = {binary_path(), "serve",    "--database",
                                   database_url_, "--listen", "127.0.0.1:0",
                                   "--port-file", port_file,  "--insecure-cookies"};
  std::string smtp = env_or("CAREGUARD_TEST_SMTP_URL");
  if (!smtp.empty()) {
    argv.push_back("--smtp-url");
    argv.push_back(smtp);
  }
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());

  std::string log_path = dir_ + "/server.log";
  {
    std::ofstream note(log_path, std::ios::app);
    note << "$";
    for (const auto& a : argv) note << " " << a;
    note << "\n";
  }
  pid_ = spawn(argv, "", log_path, log_path);
  port_ = 0;

  auto deadline = Clock::now() + std::chrono::seconds(20);
  Client probe("http://127.0.0.1");
  probe.set_timeout_ms(1000);
  if (!ca_file_.empty()) probe.set_ca_file(ca_file_);
  std::string last_problem = "the port file never appeared";
  while (Clock::now() < deadline) {
    int status = 0;
    if (wait_for_exit(pid_, std::chrono::milliseconds(0), status)) {
      pid_ = -1;
      throw std::runtime_error("careguard serve exited with status " + std::to_string(status) +
                               " while starting; log:\n" + tail_lines(log(), 20));
    }
    std::string text = trim(read_file(port_file));
    if (!text.empty() &&
        std::all_of(text.begin(), text.end(),
                    [](unsigned char c) { return std::isdigit(c) != 0; }) &&
        text.size() < 6) {
      int port = std::stoi(text);
      if (port > 0 && port < 65536) {
        port_ = static_cast<uint16_t>(port);
        try {
          HttpResponse r = probe.get(base_url() + "/healthz");
          if (r.status == 200) return;
          last_problem = "/healthz answered " + std::to_string(r.status);
        } catch (const std::exception& e) {
          last_problem = e.what();
        }
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::string message = "careguard serve did not become healthy within 20 s (" + last_problem +
                        "); log:\n" + tail_lines(log(), 20);
  stop();
  throw std::runtime_error(message);
}

int TestServer::stop() {
  if (!running()) return -1;
  pid_t pid = pid_;
  pid_ = -1;
  ::kill(pid, SIGTERM);
  int status = -1;
  if (!wait_for_exit(pid, std::chrono::seconds(10), status)) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    wait_for_exit(pid, std::chrono::seconds(10), status);
  }
  ::kill(-pid, SIGKILL);  // anything the server left behind in its group
  return status;
}

int TestServer::kill_hard() {
  if (!running()) return -1;
  pid_t pid = pid_;
  pid_ = -1;
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  int status = -1;
  wait_for_exit(pid, std::chrono::seconds(10), status);
  return status;
}

CliResult TestServer::cli(std::vector<std::string> args, std::string stdin_text) {
  if (!prepared_) prepare();
  int n = ++cli_runs_;
  std::string stem = dir_ + "/cli-" + std::to_string(n);
  std::string in_path = stem + ".in", out_path = stem + ".out", err_path = stem + ".err";
  write_file(in_path, stdin_text);
  std::vector<std::string> argv;
  argv.push_back(binary_path());
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--database");
  argv.push_back(database_url_);

  pid_t pid = spawn(argv, in_path, out_path, err_path);
  CliResult result;
  if (!wait_for_exit(pid, std::chrono::seconds(120), result.exit_code)) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    wait_for_exit(pid, std::chrono::seconds(10), result.exit_code);
    result.err = "[harness: killed after 120 s]\n";
  }
  result.out = read_file(out_path);
  result.err += read_file(err_path);
  return result;
}

// ---- Client -----------------------------------------------------------------------------

Client::Client(std::string base_url) : curl_(curl_easy_init()), base_url_(std::move(base_url)) {
  if (!curl_) throw std::runtime_error("curl_easy_init failed");
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  curl_easy_setopt(static_cast<CURL*>(curl_), CURLOPT_COOKIEFILE, "");
}

Client::~Client() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Client::Client(Client&& other) noexcept
    : curl_(std::exchange(other.curl_, nullptr)),
      base_url_(std::move(other.base_url_)),
      last_html_(std::move(other.last_html_)),
      csrf_token_(std::move(other.csrf_token_)),
      timeout_ms_(other.timeout_ms_),
      ca_file_(std::move(other.ca_file_)) {}

Client& Client::operator=(Client&& other) noexcept {
  if (this != &other) {
    if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
    curl_ = std::exchange(other.curl_, nullptr);
    base_url_ = std::move(other.base_url_);
    last_html_ = std::move(other.last_html_);
    csrf_token_ = std::move(other.csrf_token_);
    timeout_ms_ = other.timeout_ms_;
    ca_file_ = std::move(other.ca_file_);
  }
  return *this;
}

HttpResponse Client::get(const std::string& path, const Headers& headers) {
  return request("GET", path, "", headers);
}

HttpResponse Client::post_form(const std::string& path,
                               const std::vector<std::pair<std::string, std::string>>& fields,
                               bool add_csrf, const Headers& headers) {
  std::string body;
  auto add = [&body](const std::string& k, const std::string& v) {
    if (!body.empty()) body += '&';
    body += url_encode(k) + "=" + url_encode(v);
  };
  bool has_token = false;
  for (const auto& [k, v] : fields) {
    add(k, v);
    has_token = has_token || k == "csrf_token";
  }
  if (add_csrf && !has_token && !csrf_token_.empty()) add("csrf_token", csrf_token_);
  Headers all = headers;
  all.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return request("POST", path, body, all);
}

HttpResponse Client::post_json(const std::string& path, const std::string& json,
                               const Headers& headers) {
  Headers all = headers;
  all.emplace_back("Content-Type", "application/json");
  all.emplace_back("Accept", "application/json");
  return request("POST", path, json, all);
}

HttpResponse Client::request(const std::string& method, const std::string& path,
                             const std::string& body, const Headers& headers) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);  // keeps cookies and live connections
  curl_easy_setopt(curl, CURLOPT_COOKIEFILE, "");

  std::string url = path.rfind("http://", 0) == 0 || path.rfind("https://", 0) == 0
                        ? path
                        : base_url_ + (path.empty() || path[0] != '/' ? "/" : "") + path;
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms_);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms_, 5000L));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  if (!ca_file_.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file_.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, write_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);

  if (method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  if (method != "GET" && method != "HEAD" && (!body.empty() || method == "POST")) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  }

  curl_slist* list = nullptr;
  bool has_expect = false;
  for (const auto& [k, v] : headers) {
    has_expect = has_expect || lower(k) == "expect";
    list = curl_slist_append(list, (k + ": " + v).c_str());
  }
  if (!has_expect) list = curl_slist_append(list, "Expect:");  // send bodies at once
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);

  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(list);
  if (rc != CURLE_OK) {
    throw std::runtime_error(method + " " + url + " failed: " +
                             (error[0] ? std::string(error) : curl_easy_strerror(rc)));
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);

  if (lower(response.header("content-type")).find("text/html") != std::string::npos) {
    last_html_ = response.body;
    static const std::regex token_re(
        R"re(name="csrf_token"\s+value="([^"]*)"|value="([^"]*)"\s+name="csrf_token")re");
    std::smatch m;
    if (std::regex_search(last_html_, m, token_re)) csrf_token_ = m[1].matched ? m[1] : m[2];
  }
  return response;
}

HttpResponse Client::follow(const HttpResponse& redirect, const Headers& headers) {
  std::string location = redirect.header("location");
  if (location.empty())
    throw std::runtime_error("follow: the response (status " + std::to_string(redirect.status) +
                             ") has no Location header");
  return get(location, headers);
}

std::string Client::cookie(const std::string& name) const {
  curl_slist* cookies = nullptr;
  curl_easy_getinfo(static_cast<CURL*>(curl_), CURLINFO_COOKIELIST, &cookies);
  std::string value;
  for (curl_slist* c = cookies; c; c = c->next) {
    // Netscape format: domain, flag, path, secure, expiry, name, value (tab-separated).
    std::vector<std::string> fields;
    std::stringstream ss(c->data);
    std::string field;
    while (std::getline(ss, field, '\t')) fields.push_back(field);
    if (fields.size() >= 7 && fields[5] == name) value = fields[6];
  }
  curl_slist_free_all(cookies);
  return value;
}

void Client::clear_cookies() {
  curl_easy_setopt(static_cast<CURL*>(curl_), CURLOPT_COOKIELIST, "ALL");
}

// ---- raw sockets ------------------------------------------------------------------------

std::string raw_exchange(uint16_t port, const std::string& bytes) {
  return raw_exchange_until_closed(port, bytes).received;
}

int raw_status(const std::string& raw_response) {
  static const std::regex status_re(R"(^HTTP/\d(?:\.\d)? (\d{3}))");
  std::smatch m;
  if (!std::regex_search(raw_response, m, status_re)) return 0;
  return std::stoi(m[1]);
}

// ---- mail -------------------------------------------------------------------------------

std::vector<std::string> mails_to(const std::string& address) {
  std::vector<std::string> out;
  std::string dir = env_or("CAREGUARD_TEST_MAIL_DIR");
  if (dir.empty() || !fs::is_directory(dir)) return out;
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || entry.path().extension() != ".eml") continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // names start with a UTC timestamp
  std::string wanted = lower(address);
  for (const auto& file : files) {
    std::string eml = read_file(file.string());
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    split_message(eml, headers, body);
    for (const auto& [k, v] : headers) {
      if ((k == "to" || k == "cc" || k == "x-envelope-to") && contains_address(lower(v), wanted)) {
        out.push_back(std::move(eml));
        break;
      }
    }
  }
  return out;
}

std::string wait_for_mail(const std::string& address, int seconds, size_t count) {
  if (env_or("CAREGUARD_TEST_MAIL_DIR").empty()) {
    ADD_FAILURE() << "CAREGUARD_TEST_MAIL_DIR is not set: start the SMTP sink with "
                     "`scripts/services.sh start` and export `scripts/services.sh env`";
    return "";
  }
  auto deadline = Clock::now() + std::chrono::seconds(seconds);
  for (;;) {
    auto mails = mails_to(address);
    if (mails.size() >= count) return mails.back();
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "no mail (" << count << " wanted) to " << address << " within " << seconds
                << " s in " << env_or("CAREGUARD_TEST_MAIL_DIR");
  return "";
}

std::string mail_text(const std::string& eml) { return part_text(eml, 0); }

std::string mail_header(const std::string& eml, const std::string& name) {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  split_message(eml, headers, body);
  return header_of(headers, name);
}

std::string find_url(const std::string& text, const std::string& fragment) {
  static const std::regex url_re(R"(https?://[^\s<>"']+)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), url_re);
       it != std::sregex_iterator(); ++it) {
    std::string url = it->str();
    while (!url.empty() && (url.back() == '.' || url.back() == ',' || url.back() == ')'))
      url.pop_back();
    if (fragment.empty() || url.find(fragment) != std::string::npos) return url;
  }
  return "";
}

}  // namespace cg::test
