#pragma once
// Emails are written to an outbox table inside the transaction that causes them, then sent
// by a background sender when SMTP is configured; nothing is lost if sending fails.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/database.h"

namespace cg::mail {

struct OutgoingMail {
  int64_t id = 0;
  std::string to;
  std::string subject;
  std::string body;
  int64_t created_at = 0;
  int64_t sent_at = 0;
  int attempts = 0;
};

void enqueue(store::Connection& c, const std::string& to, const std::string& subject,
             const std::string& body, int64_t now);
std::vector<OutgoingMail> unsent(store::Connection& c, int limit);
std::vector<OutgoingMail> recent_to(store::Connection& c, const std::string& to, int limit);

// Builds an RFC 5322 message (plain text, UTF-8).
std::string format_message(const std::string& from, const OutgoingMail& mail, int64_t now);

// Sends unsent mail over SMTP (libcurl) every `interval_ms` until stopped. Each message is
// marked sent only after the server accepted it; failures are retried with the error kept.
class Sender {
 public:
  Sender(store::Database& db, std::string smtp_url, std::string from, int interval_ms = 500);
  ~Sender();
  void start();
  void stop();
  int send_pending();  // one pass; returns how many were sent

 private:
  store::Database& db_;
  std::string url_;
  std::string from_;
  int interval_ms_;
  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace cg::mail
