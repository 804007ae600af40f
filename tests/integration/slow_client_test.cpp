// Slowloris: many connections that send a request header one byte a second must not stop the
// server from serving everyone else, and must be cut off once the header timeout passes,
// giving back every file descriptor they held.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"

namespace cg::test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kTricklers = 200;
constexpr int kHeaderTimeoutSeconds = 3;
constexpr int kNormalClients = 5;
constexpr int kRequestsPerClient = 10;
// A header long enough that one byte a second never finishes it before the timeout.
const std::string kSlowRequest =
    "GET /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client-test\r\n"
    "Accept: text/html\r\n\r\n";

size_t open_fds(pid_t pid) {
  std::error_code ec;
  auto entries = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
  if (ec) return 0;
  return static_cast<size_t>(std::distance(begin(entries), end(entries)));
}

// Waits until the count stops changing for a moment (connections from earlier requests are
// still being closed) or `limit` passes, and returns it.
size_t settled_fds(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  size_t last = open_fds(pid);
  while (Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const size_t now = open_fds(pid);
    if (now == last) return now;
    last = now;
  }
  return last;
}

struct Trickler {
  int fd = -1;
  size_t sent = 0;
  Clock::time_point opened;
  std::optional<Clock::time_point> closed;  // when we saw the server end the connection
};

int connect_to(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void mark_closed(Trickler& t) {
  t.closed = Clock::now();
  ::close(t.fd);
  t.fd = -1;
}

// Sends the next byte of the header to every open connection once a second and notices, in
// between, when the server closes one. Returns when all are closed or at `deadline`.
void trickle(std::vector<Trickler>& tricklers, Clock::time_point deadline) {
  auto next_byte = Clock::now() + std::chrono::seconds(1);
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<Trickler*> owners;
    for (auto& t : tricklers)
      if (t.fd >= 0) {
        fds.push_back({t.fd, POLLIN, 0});
        owners.push_back(&t);
      }
    const auto now = Clock::now();
    if (fds.empty() || now >= deadline) return;
    const auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::min(next_byte, deadline) - now);
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(wait.count()) + 1);
    for (size_t i = 0; ready > 0 && i < fds.size(); ++i) {
      if (!fds[i].revents) continue;
      char buffer[512];
      const ssize_t n = ::recv(fds[i].fd, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) mark_closed(*owners[i]);
    }
    if (Clock::now() < next_byte) continue;
    next_byte += std::chrono::seconds(1);
    for (auto* t : owners) {
      if (t->fd < 0 || t->sent >= kSlowRequest.size()) continue;
      if (::send(t->fd, &kSlowRequest[t->sent], 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1)
        ++t->sent;
      else if (errno != EAGAIN && errno != EINTR)
        mark_closed(*t);
    }
  }
}

TEST(SlowClientTest, TricklingClientsAreCutOffWhileOthersAreServed) {
  TestServer server;
  // One database connection, so the descriptor count cannot grow by the pool opening more.
  const std::string config = server.dir() + "/careguard.conf";
  std::ofstream(config) << "db_pool_size = 1\n";
  server.start(
      {"--config", config, "--header-timeout-seconds", std::to_string(kHeaderTimeoutSeconds)});
  const pid_t pid = server.pid();
  {
    Client warm = server.client();
    for (int i = 0; i < 3; ++i) ASSERT_EQ(warm.get("/sign-in").status, 200);
  }
  const size_t baseline = settled_fds(pid, std::chrono::seconds(3));
  ASSERT_GT(baseline, 0u) << "cannot read /proc/" << pid << "/fd";

  std::vector<Trickler> tricklers(kTricklers);
  for (auto& t : tricklers) {
    t.fd = connect_to(server.port());
    ASSERT_GE(t.fd, 0) << "connect failed: " << std::strerror(errno);
    t.opened = Clock::now();
    ASSERT_EQ(::send(t.fd, kSlowRequest.data(), 1, MSG_NOSIGNAL), 1);
    t.sent = 1;
  }
  const auto attack_started = tricklers.front().opened;
  std::thread driver(trickle, std::ref(tricklers),
                     attack_started + std::chrono::seconds(kHeaderTimeoutSeconds + 5));

  // Normal clients, each on its own keep-alive connection, while the trickling goes on.
  std::atomic<int> served{0};
  std::vector<std::string> failures(kNormalClients);
  std::vector<std::thread> normal;
  for (int c = 0; c < kNormalClients; ++c)
    normal.emplace_back([&, c] {
      Client client = server.client();
      client.set_timeout_ms(5000);
      for (int i = 0; i < kRequestsPerClient; ++i) {
        try {
          HttpResponse r = client.get("/sign-in");
          if (r.status == 200)
            ++served;
          else
            failures[c] += "status " + std::to_string(r.status) + "; ";
        } catch (const std::exception& e) {
          failures[c] += std::string(e.what()) + "; ";
        }
      }
    });
  for (auto& t : normal) t.join();
  const double normal_seconds =
      std::chrono::duration<double>(Clock::now() - attack_started).count();
  const size_t during = open_fds(pid);
  driver.join();

  EXPECT_EQ(served.load(), kNormalClients * kRequestsPerClient);
  for (const auto& f : failures) EXPECT_TRUE(f.empty()) << f;
  // The slow connections were really held by the server while the others were served.
  EXPECT_GE(during, baseline + kTricklers)
      << "normal requests took " << normal_seconds << " s from the start of the trickle";

  double first = 1e9, last = 0;
  int still_open = 0;
  for (auto& t : tricklers) {
    if (!t.closed) {
      ++still_open;
      ::close(t.fd);
      continue;
    }
    const double s = std::chrono::duration<double>(*t.closed - t.opened).count();
    first = std::min(first, s);
    last = std::max(last, s);
    EXPECT_LT(t.sent, kSlowRequest.size()) << "a trickled header was completed";
  }
  EXPECT_EQ(still_open, 0) << "connections the server never closed";
  EXPECT_GE(first, kHeaderTimeoutSeconds - 0.5) << "closed before the header timeout";
  EXPECT_LE(last, kHeaderTimeoutSeconds + 2.0) << "closed long after the header timeout";

  const size_t after = settled_fds(pid, std::chrono::seconds(3));
  EXPECT_EQ(after, baseline) << "descriptors before " << baseline << ", during " << during
                             << ", after " << after;
  std::cerr << "[slowloris] " << kTricklers << " trickling connections, "
            << kNormalClients * kRequestsPerClient << " normal requests done after "
            << normal_seconds << " s, trickling connections closed after " << first << " to "
            << last << " s, descriptors " << baseline << " -> " << during << " -> " << after
            << "\n";
}

}  // namespace
}  // namespace cg::test
