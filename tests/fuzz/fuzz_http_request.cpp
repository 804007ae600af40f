// Fuzzes HTTP/1.1 request parsing as src/http/server.cpp does it: Beast's request_parser with
// the server's header and body limits, the framing rules on the header (a request that breaks
// them ends the connection), then the conversion into a cg::http::Request (headers merged,
// Cookie values joined with "; "), split_target, the client address behind a trusted proxy,
// the session cookie and the form fields. Several requests may follow each other in one input
// (keep-alive pipelining); each starts a fresh parser on the bytes left over, like
// Session::read_request.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "core/error.h"
#include "http/client_address.h"
#include "http/form.h"
#include "http/framing.h"
#include "http/message.h"

namespace bhttp = boost::beast::http;

namespace {

// Parser limits: headers 16 KiB as in server.cpp (ServerOptions::max_header_bytes); body 1 MiB
// (the server takes config max_body_bytes, 10 MiB by default; the check is the same).
constexpr uint64_t kMaxBodyBytes = 1024 * 1024;
constexpr uint32_t kMaxHeaderBytes = 16 * 1024;
constexpr int kMaxRequestsPerInput = 8;

// As Server's head_of in server.cpp.
cg::http::RequestHead head_of(const bhttp::request_header<>& header) {
  cg::http::RequestHead head;
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

void handle(bhttp::request<bhttp::string_body> msg) {
  cg::http::Request req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  for (const auto& field : msg) {
    std::string name(field.name_string());
    auto it = req.headers.find(name);
    if (it == req.headers.end())
      req.headers.emplace(name, std::string(field.value()));
    else
      it->second += (name == "Cookie" ? "; " : ", ") + std::string(field.value());
  }
  req.body = std::move(msg.body());
  (void)msg.keep_alive();
  static const std::vector<cg::net::AddressRange> trusted = {
      *cg::net::parse_range("127.0.0.1").range};
  auto header = [&](const char* name) -> std::optional<std::string> {
    auto it = req.headers.find(name);
    return it == req.headers.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  req.remote_address =
      cg::http::client_address("127.0.0.1", header("X-Forwarded-For"), header("Forwarded"), trusted)
          .address;
  try {
    cg::http::split_target(req);
  } catch (const cg::Error&) {
    return;  // the server answers 400
  }
  (void)req.cookie("cg_session");
  (void)req.cookie("cg_csrf");
  try {
    (void)cg::http::form_fields(req);
  } catch (const cg::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* p = reinterpret_cast<const char*>(data);
  size_t left = size;
  for (int n = 0; n < kMaxRequestsPerInput && left > 0; ++n) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    parser.header_limit(kMaxHeaderBytes);
    parser.eager(true);
    boost::beast::error_code ec;
    bool head_checked = false;
    while (left > 0 && !parser.is_done()) {
      const size_t used = parser.put(boost::asio::buffer(p, left), ec);
      if (used > left) std::abort();
      p += used;
      left -= used;
      if (ec) return 0;  // need_more: the connection would wait; anything else: 400/413/431
      if (used == 0) return 0;
      if (parser.is_header_done() && !head_checked) {
        head_checked = true;
        if (cg::http::check_request_head(head_of(parser.get()))) return 0;  // 400/501, closed
      }
    }
    if (!parser.is_done()) return 0;
    handle(parser.release());
  }
  return 0;
}
