#include "http/server.h"

#include <malloc.h>
#include <zlib.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>

#include "core/crypto.h"
#include "core/log.h"
#include "http/client_address.h"
#include "http/form.h"
#include "http/framing.h"
#include "http/tls_context.h"

namespace cg::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

std::string gzip(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return "";
  out.resize(zs.total_out);
  return out;
}

namespace {

// Request ids only need to be unique in the logs: a random per-process prefix and a counter,
// cheaper than asking the kernel for random bytes on every request.
std::string next_request_id() {
  static const std::string prefix = crypto::hex(crypto::random_bytes(4));
  static std::atomic<uint64_t> counter{0};
  char buf[24];
  std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(++counter));
  return prefix + buf;
}

bool wants_gzip(const Request& req, const Response& res) {
  if (res.body.size() < 1024 || res.headers.count("Content-Encoding")) return false;
  const std::string accept = req.header("Accept-Encoding");
  if (accept.find("gzip") == std::string::npos) return false;
  auto it = res.headers.find("Content-Type");
  if (it == res.headers.end()) return false;
  const std::string& t = it->second;
  return t.rfind("text/", 0) == 0 || t.find("json") != std::string::npos ||
         t.find("javascript") != std::string::npos || t.find("svg") != std::string::npos;
}

// What the framing rules (framing.h) look at in a request's header.
RequestHead head_of(const bhttp::request_header<>& header) {
  RequestHead head;
  head.version = static_cast<int>(header.version());
  for (const auto& field : header) {
    if (field.name() == bhttp::field::transfer_encoding)
      head.transfer_encoding.emplace_back(field.value());
    else if (field.name() == bhttp::field::content_length)
      ++head.content_length_fields;
    else if (field.name() == bhttp::field::host)
      head.host.emplace_back(field.value());
  }
  return head;
}

std::optional<std::string> optional_header(const Request& req, const std::string& name) {
  auto it = req.headers.find(name);
  if (it == req.headers.end()) return std::nullopt;
  return it->second;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  AppHandler handler;
  RequestObserver observer;
  // Set when serving HTTPS. Replaced whole on SIGHUP; each connection keeps the context it
  // was accepted with, so a reload never disturbs a connection already open.
  std::shared_ptr<asio::ssl::context> tls;
  std::mutex tls_mutex;
  asio::io_context io;
  asio::thread_pool workers;
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_pause{io};  // waits before accepting again after accept fails
  asio::signal_set signals{io, SIGTERM, SIGINT};
  asio::signal_set reload_signals{io, SIGHUP};
  asio::steady_timer trim_timer{io};  // hands freed memory back to the system now and then
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};

  Impl(ServerOptions o, AppHandler h, RequestObserver obs)
      : options(std::move(o)),
        handler(std::move(h)),
        observer(std::move(obs)),
        tls(options.tls_cert_file.empty() && options.tls_key_file.empty()
                ? nullptr
                : make_tls_server_context(options.tls_cert_file, options.tls_key_file)),
        workers(static_cast<size_t>(options.worker_threads)) {}

  void accept();
  void start_session(tcp::socket socket);
  void begin_shutdown();
  void wait_for_reload();
  void trim_memory_later();
  std::shared_ptr<asio::ssl::context> current_tls() {
    std::lock_guard lock(tls_mutex);
    return tls;
  }
};

namespace {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// How often memory freed by requests is handed back to the system (trim_memory_later).
constexpr int kTrimSeconds = 30;
// Connections taken from the kernel's queue at once, without going back to the event loop.
constexpr int kAcceptBurst = 64;
// Bytes asked for when waiting for a request to begin; the parser reads the rest.
constexpr size_t kFirstReadBytes = 4096;
// How long a closing HTTPS connection waits for the client's reply to our close_notify.
constexpr int kCloseNotifySeconds = 5;
// Sent on every HTTPS response, including the server's own 400/413/431 answers.
constexpr const char* kHsts = "max-age=31536000; includeSubDomains";

// One connection. Templated on the stream so that plain HTTP keeps using beast::tcp_stream
// directly, paying nothing for TLS support, while HTTPS uses an ssl_stream over it.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  Session(tcp::socket socket, Server::Impl& server) requires(!kTls)
      : stream_(std::move(socket)), server_(server) {
    remember_remote();
  }
  Session(tcp::socket socket, std::shared_ptr<asio::ssl::context> tls,
          Server::Impl& server) requires kTls : tls_context_(std::move(tls)),
                                                stream_(std::move(socket), *tls_context_),
                                                server_(server) {
    remember_remote();
    // TLS 1.3 sends its session tickets and then the first response as separate small
    // writes; with Nagle's algorithm the response waits for the client's delayed ACK of the
    // tickets (about 40 ms on Linux) on every new connection.
    beast::error_code ec;
    lowest().socket().set_option(tcp::no_delay(true), ec);
  }

  // A new connection must send its first request (after the TLS handshake, when there is
  // one) within the header timeout: a client that connects and then says nothing is dropped
  // as quickly as one that trickles its header.
  void start() {
    if constexpr (kTls) {
      lowest().expires_after(std::chrono::seconds(server_.options.header_timeout_seconds));
      stream_.async_handshake(
          asio::ssl::stream_base::server,
          beast::bind_front_handler(&Session::on_handshake, this->shared_from_this()));
    } else {
      read_request(server_.options.header_timeout_seconds);
    }
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void remember_remote() {
    beast::error_code ec;
    auto ep = lowest().socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  void on_handshake(beast::error_code ec) {
    // Failed handshakes are scanners, old clients and plain HTTP sent to the HTTPS port:
    // nothing to answer them with.
    if (ec) return close();
    read_request(server_.options.header_timeout_seconds);
  }

  // Waits up to `first_byte_seconds` for a request to begin (the keep-alive idle timeout
  // between requests), then allows header_timeout_seconds for the whole header, so a client
  // trickling its header is cut off however long the idle timeout is.
  void read_request(int first_byte_seconds) {
    parser_.emplace();
    parser_->body_limit(server_.options.max_body_bytes);
    parser_->header_limit(server_.options.max_header_bytes);
    if (buffer_.size() > 0) return read_header();  // a pipelined request has already begun
    lowest().expires_after(std::chrono::seconds(first_byte_seconds));
    stream_.async_read_some(
        buffer_.prepare(kFirstReadBytes),
        beast::bind_front_handler(&Session::on_first_bytes, this->shared_from_this()));
  }

  void on_first_bytes(beast::error_code ec, size_t bytes) {
    if (ec) return fail_read(ec);
    buffer_.commit(bytes);
    read_header();
  }

  void read_header() {
    lowest().expires_after(std::chrono::seconds(server_.options.header_timeout_seconds));
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::on_header, this->shared_from_this()));
  }

  void on_header(beast::error_code ec, size_t) {
    if (ec) return fail_read(ec);
    if (auto problem = check_request_head(head_of(parser_->get())))
      return send_error(problem->status, problem->message);
    lowest().expires_after(std::chrono::seconds(server_.options.header_timeout_seconds));
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, this->shared_from_this()));
  }

  // Only the HTTP parser's complaints get an answer. Anything from the connection itself
  // (closed, reset, timed out, a broken TLS record) just ends it: there is nobody to answer.
  void fail_read(beast::error_code ec) {
    static const auto& http_errors = bhttp::make_error_code(bhttp::error::body_limit).category();
    if (ec.category() != http_errors || ec == bhttp::error::end_of_stream) return close();
    if (ec == bhttp::error::body_limit) return send_error(413, "Request body is too large");
    if (ec == bhttp::error::header_limit) return send_error(431, "Request headers are too large");
    send_error(400, "Malformed HTTP request");
  }

  void send_error(int status, const std::string& message) {
    Response res = Response::json("{\"type\":\"about:blank\",\"title\":\"" + message +
                                      "\",\"status\":" + std::to_string(status) + "}",
                                  status);
    res.headers["Content-Type"] = "application/problem+json";
    keep_alive_ = false;
    auto req = std::make_shared<Request>();
    req->method = "?";
    req->route = "(unparsed)";
    req->remote_address = remote_;
    req->peer_address = remote_;
    req->request_id = next_request_id();
    write(std::move(req), std::move(res), std::chrono::steady_clock::now());
  }

  void on_read(beast::error_code ec, size_t) {
    if (ec) return fail_read(ec);
    auto started = std::chrono::steady_clock::now();
    auto msg = parser_->release();
    auto req = std::make_shared<Request>();
    req->method = std::string(msg.method_string());
    req->target = std::string(msg.target());
    for (const auto& field : msg) {
      std::string name(field.name_string());
      auto it = req->headers.find(name);
      if (it == req->headers.end())
        req->headers.emplace(name, std::string(field.value()));
      else
        it->second += (name == "Cookie" ? "; " : ", ") + std::string(field.value());
    }
    req->body = std::move(msg.body());
    req->peer_address = remote_;
    const ClientAddress client =
        client_address(remote_, optional_header(*req, "X-Forwarded-For"),
                       optional_header(*req, "Forwarded"), server_.options.trusted_proxies);
    req->remote_address = client.address;
    req->remote_uncertain = !client.certain;
    req->request_id = next_request_id();
    keep_alive_ = msg.keep_alive() && !server_.stopping;
    try {
      split_target(*req);
    } catch (const std::exception&) {
      return send_error(400, "Malformed request target");
    }
    ++server_.in_flight;
    lowest().expires_never();
    auto self = this->shared_from_this();
    asio::post(server_.workers, [self, req, started] {
      Response res;
      try {
        res = self->server_.handler(*req);
      } catch (const std::exception& e) {
        log::error("unhandled_exception", {{"request_id", req->request_id}, {"what", e.what()}});
        res = Response::text("Internal error", 500);
      }
      asio::post(self->stream_.get_executor(),
                 [self, req, started, res = std::move(res)]() mutable {
                   self->write(std::move(req), std::move(res), started);
                   --self->server_.in_flight;
                 });
    });
  }

  // Takes the request by shared pointer: the completion handler keeps it for the observer
  // without copying its headers and body.
  void write(std::shared_ptr<const Request> request, Response res,
             std::chrono::steady_clock::time_point started) {
    const Request& req = *request;
    const bool head = req.method == "HEAD";
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(res.status));
    if (wants_gzip(req, res)) {
      std::string z = gzip(res.body);
      if (!z.empty() && z.size() < res.body.size()) {
        res.body = std::move(z);
        res.headers["Content-Encoding"] = "gzip";
      }
      res.headers["Vary"] = "Accept-Encoding";
    }
    for (const auto& [k, v] : res.headers) out->set(k, v);
    for (const auto& c : res.set_cookies) out->insert(bhttp::field::set_cookie, c);
    if constexpr (kTls) out->set(bhttp::field::strict_transport_security, kHsts);
    out->set("X-Request-Id", req.request_id);
    out->keep_alive(keep_alive_);
    const size_t bytes = res.body.size();
    out->body() = head ? std::string() : std::move(res.body);
    out->prepare_payload();
    if (head) out->content_length(bytes);
    lowest().expires_after(std::chrono::seconds(30));
    auto self = this->shared_from_this();
    bhttp::async_write(
        stream_, *out,
        [self, out, request = std::move(request), started, bytes](beast::error_code ec, size_t) {
          double seconds =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
          if (self->server_.observer)
            self->server_.observer(*request, out->result_int(), seconds, bytes);
          if (ec) return self->close();
          if (!self->keep_alive_) return self->finish();
          self->read_request(self->server_.options.idle_timeout_seconds);
        });
  }

  // Ends the connection after its last response. HTTPS first sends a TLS close_notify so the
  // client can tell the end of the data from a cut connection; the wait for the client's
  // reply is bounded, since many clients never send one.
  void finish() {
    if constexpr (kTls) {
      lowest().expires_after(std::chrono::seconds(kCloseNotifySeconds));
      stream_.async_shutdown(
          [self = this->shared_from_this()](beast::error_code) { self->close(); });
    } else {
      close();
    }
  }

  // Ends the connection at once.
  void close() {
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
    lowest().socket().close(ec);
  }

  std::shared_ptr<asio::ssl::context> tls_context_;  // outlives stream_, which uses it
  Stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string remote_;
  bool keep_alive_ = true;
};

}  // namespace

void Server::Impl::accept() {
  acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping) return;
      log::warn("accept_failed", {{"error", ec.message()}});
      // Out of file descriptors, say: accepting again at once fails the same way and spins
      // the network thread. Pause so that connections closing can free some first.
      accept_pause.expires_after(std::chrono::milliseconds(100));
      accept_pause.async_wait([this](beast::error_code) {
        if (!stopping) accept();
      });
      return;
    }
    start_session(std::move(socket));
    // Connections that arrive together (1,000 clients starting at once, a load balancer
    // reconnecting) wait in the kernel's queue. Taking them one handler turn at a time puts
    // each behind all the traffic already being served: under load the last were accepted
    // 15 s later while their first requests sat unread. Take what is waiting now instead,
    // a bounded number so reads and writes still get their turn.
    for (int taken = 0; taken < kAcceptBurst && !stopping; ++taken) {
      tcp::socket next(asio::make_strand(io));
      beast::error_code none_waiting;
      acceptor.accept(next, none_waiting);
      // Nothing waiting, or a real failure, which the asynchronous accept meets and handles.
      if (none_waiting) break;
      start_session(std::move(next));
    }
    if (!stopping) accept();
  });
}

void Server::Impl::start_session(tcp::socket socket) {
  if (auto context = current_tls()) {
    std::make_shared<Session<TlsStream>>(std::move(socket), std::move(context), *this)->start();
  } else {
    std::make_shared<Session<PlainStream>>(std::move(socket), *this)->start();
  }
}

// SIGHUP reads the certificate and key files again, so a renewed certificate is served
// without a restart. A pair that cannot be used is logged and the old one kept: a bad renewal
// must not take the service down.
void Server::Impl::wait_for_reload() {
  reload_signals.async_wait([this](beast::error_code ec, int) {
    if (ec || stopping) return;
    if (!current_tls()) {
      log::info("reload_ignored", {{"reason", "the server is not serving HTTPS"}});
    } else {
      try {
        std::shared_ptr<asio::ssl::context> fresh =
            make_tls_server_context(options.tls_cert_file, options.tls_key_file);
        {
          std::lock_guard lock(tls_mutex);
          tls = std::move(fresh);
        }
        log::info("tls_reloaded", {{"tls_cert_file", options.tls_cert_file}});
      } catch (const std::exception& e) {
        log::error("tls_reload_failed",
                   {{"error", e.what()}, {"kept", "the certificate already in use"}});
      }
    }
    wait_for_reload();
  });
}

// glibc keeps memory freed by worker threads in per-thread arenas and seldom gives it back:
// after a burst of large pages the process stays at its peak size although the heap in use
// is back where it was (seen in the 10-minute soak: RSS +5.6%, heap in use flat). Trimming
// every half minute returns it; it takes a few milliseconds and runs on a worker thread.
void Server::Impl::trim_memory_later() {
  trim_timer.expires_after(std::chrono::seconds(kTrimSeconds));
  trim_timer.async_wait([this](beast::error_code ec) {
    if (ec || stopping) return;
#ifdef __GLIBC__
    asio::post(workers, [] { ::malloc_trim(0); });  // off the network thread
#endif
    trim_memory_later();
  });
}

void Server::Impl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  log::info("shutting_down", {{"in_flight", in_flight.load()}});
  beast::error_code ec;
  acceptor.close(ec);
  reload_signals.cancel(ec);
  trim_timer.cancel();
  // Let in-flight requests finish, then stop the loop.
  std::thread([this] {
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(options.shutdown_grace_seconds);
    while (in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    // Give the network thread a moment to flush the last responses.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    io.stop();
  }).detach();
}

Server::Server(ServerOptions options, AppHandler handler, RequestObserver observer)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(observer))) {}

Server::~Server() { impl_->workers.join(); }

void Server::run(const std::function<void(uint16_t)>& on_listening) {
  auto& s = *impl_;
  tcp::endpoint endpoint(asio::ip::make_address(s.options.host), s.options.port);
  s.acceptor.open(endpoint.protocol());
  s.acceptor.set_option(asio::socket_base::reuse_address(true));
  s.acceptor.bind(endpoint);
  s.acceptor.listen(asio::socket_base::max_listen_connections);
  s.acceptor.non_blocking(true);  // so accept() in a burst returns at once when none wait
  s.signals.async_wait([&s](beast::error_code ec, int) {
    if (!ec) s.begin_shutdown();
  });
  s.wait_for_reload();
  s.trim_memory_later();
  s.accept();
  if (on_listening) on_listening(s.acceptor.local_endpoint().port());
  std::vector<std::thread> extra;
  for (int i = 1; i < s.options.io_threads; ++i) extra.emplace_back([&s] { s.io.run(); });
  s.io.run();
  for (auto& t : extra) t.join();
  s.workers.join();
}

void Server::stop() {
  asio::post(impl_->io, [this] { impl_->begin_shutdown(); });
}

}  // namespace cg::http
