#pragma once
// The HTTP/1.1 server: keep-alive connections on Asio, request parsing by Beast with explicit
// header and body limits and timeouts, and handlers run on a bounded worker pool so that
// blocking database calls never stall the network thread. Optionally HTTPS (OpenSSL) instead
// of plain HTTP on the same listen address.
#include <functional>
#include <memory>
#include <string>
#include <utility>  // Boost 1.74's Asio uses std::exchange without including it

#include "core/ip_address.h"
#include "http/message.h"

namespace cg::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = 1;
  int worker_threads = 4;
  uint64_t max_body_bytes = 10 * 1024 * 1024;
  uint32_t max_header_bytes = 16 * 1024;
  int header_timeout_seconds = 10;  // whole request (headers and body) must arrive within this
  int idle_timeout_seconds = 60;    // a keep-alive connection with no new request is closed
  int shutdown_grace_seconds = 10;
  // Both set: serve HTTPS only (see tls_context.h for the settings). One set: the Server
  // constructor throws, so a half-configured server never falls back to plain HTTP.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Proxies whose X-Forwarded-For / Forwarded headers name the client (client_address.h).
  std::vector<net::AddressRange> trusted_proxies;
};

// Called once per complete request. Must not throw (the application maps errors itself);
// if it does, the server answers 500.
using AppHandler = std::function<Response(Request&)>;
// Called after each response with the request, the status and the elapsed seconds.
using RequestObserver =
    std::function<void(const Request&, int status, double seconds, size_t bytes)>;

class Server {
 public:
  // Loads the TLS certificate and key when configured: throws cg::Error naming the file when
  // they cannot be used, before anything listens.
  Server(ServerOptions options, AppHandler handler, RequestObserver observer);
  ~Server();
  // Binds, then calls on_listening with the actual port (useful with port 0).
  // Blocks until SIGTERM/SIGINT or stop(), then drains in-flight requests.
  void run(const std::function<void(uint16_t)>& on_listening);
  void stop();

  struct Impl;  // public so the connection code in server.cpp can reach it

 private:
  std::unique_ptr<Impl> impl_;
};

// Compresses with gzip; returns empty when compression fails or does not pay.
std::string gzip(std::string_view data);

}  // namespace cg::http
