#include "raw_http.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <regex>
#include <stdexcept>

namespace cg::test {

RawExchange raw_exchange_until_closed(uint16_t port, const std::string& bytes, int seconds) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + " failed");
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the server may close early (that is what some tests look for)
    sent += static_cast<size_t>(n);
  }
  RawExchange out;
  char buffer[8192];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      out.closed = n == 0 || errno == ECONNRESET;
      break;
    }
    out.received.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

HttpResponse raw_request(uint16_t port, const std::string& method, const std::string& target,
                         const std::string& body, const Headers& headers) {
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                        "Connection: close\r\nContent-Length: " + std::to_string(body.size()) +
                        "\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  const std::string answer = raw_exchange(port, request + "\r\n" + body);
  HttpResponse r;
  r.status = raw_status(answer);
  const size_t split = answer.find("\r\n\r\n");
  const std::string head = answer.substr(0, split);
  r.body = split == std::string::npos ? "" : answer.substr(split + 4);
  static const std::regex header(R"(\r\n([A-Za-z0-9-]+):[ \t]*([^\r]*))");
  for (auto it = std::sregex_iterator(head.begin(), head.end(), header);
       it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1];
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    r.headers.emplace(name, (*it)[2]);
  }
  return r;
}

}  // namespace cg::test
