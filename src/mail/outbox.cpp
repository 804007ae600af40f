#include "mail/outbox.h"

#include <curl/curl.h>

#include <chrono>
#include <cstring>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

namespace cg::mail {

namespace {

OutgoingMail from_row(const store::Row& r) {
  OutgoingMail m;
  m.id = r.integer(0);
  m.to = r.text(1);
  m.subject = r.text(2);
  m.body = r.text(3);
  m.created_at = r.integer(4);
  m.sent_at = r.is_null(5) ? 0 : r.integer(5);
  m.attempts = static_cast<int>(r.integer(6));
  return m;
}

constexpr const char* kColumns = "id, to_address, subject, body, created_at, sent_at, attempts";

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t read_callback(char* buffer, size_t size, size_t nitems, void* userp) {
  auto* up = static_cast<Upload*>(userp);
  size_t room = size * nitems;
  size_t left = up->data->size() - up->offset;
  size_t n = left < room ? left : room;
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

// Header values must not carry line breaks (they would let a value add headers).
std::string header_safe(const std::string& v) {
  std::string out;
  for (char c : v)
    if (c != '\r' && c != '\n') out.push_back(c);
  return out;
}

}  // namespace

void enqueue(store::Connection& c, const std::string& to, const std::string& subject,
             const std::string& body, int64_t now) {
  c.exec("INSERT INTO outbox (to_address, subject, body, created_at) VALUES (?, ?, ?, ?)",
         {to, subject, body, now});
}

std::vector<OutgoingMail> unsent(store::Connection& c, int limit) {
  std::vector<OutgoingMail> out;
  for (const auto& r : c.exec(std::string("SELECT ") + kColumns +
                                  " FROM outbox WHERE sent_at IS NULL AND attempts < 10 "
                                  "ORDER BY id LIMIT ?",
                              {static_cast<int64_t>(limit)})
                           .rows)
    out.push_back(from_row(r));
  return out;
}

std::vector<OutgoingMail> recent_to(store::Connection& c, const std::string& to, int limit) {
  std::vector<OutgoingMail> out;
  for (const auto& r : c.exec(std::string("SELECT ") + kColumns +
                                  " FROM outbox WHERE to_address = ? ORDER BY id DESC LIMIT ?",
                              {to, static_cast<int64_t>(limit)})
                           .rows)
    out.push_back(from_row(r));
  return out;
}

std::string format_message(const std::string& from, const OutgoingMail& m, int64_t now) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  std::string msg;
  msg += "Date: " + std::string(date) + "\r\n";
  msg += "From: " + header_safe(from) + "\r\n";
  msg += "To: " + header_safe(m.to) + "\r\n";
  msg += "Subject: " + header_safe(m.subject) + "\r\n";
  msg += "Message-ID: <" + std::to_string(m.id) + "." + crypto::hex(crypto::random_bytes(8)) +
         "@careguard>\r\n";
  msg +=
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\n";
  // Normalise bare newlines to CRLF as SMTP requires.
  for (size_t i = 0; i < m.body.size(); ++i) {
    if (m.body[i] == '\n' && (i == 0 || m.body[i - 1] != '\r'))
      msg += "\r\n";
    else
      msg.push_back(m.body[i]);
  }
  msg += "\r\n";
  return msg;
}

Sender::Sender(store::Database& db, std::string smtp_url, std::string from, int interval_ms)
    : db_(db), url_(std::move(smtp_url)), from_(std::move(from)), interval_ms_(interval_ms) {}

Sender::~Sender() { stop(); }

void Sender::start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] {
    while (running_) {
      try {
        send_pending();
      } catch (const std::exception& e) {
        log::warn("mail_send_pass_failed", {{"error", e.what()}});
      }
      for (int waited = 0; running_ && waited < interval_ms_; waited += 50)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
}

void Sender::stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

int Sender::send_pending() {
  auto batch = db_.read([](store::Connection& c) { return unsent(c, 20); });
  int sent = 0;
  for (const auto& m : batch) {
    std::string message = format_message(from_, m, clock::now());
    Upload up{&message};
    CURL* curl = curl_easy_init();
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.to + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + from_ + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_callback);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    const int64_t now = clock::now();
    if (rc == CURLE_OK) {
      db_.transaction([&](store::Connection& c) {
        c.exec("UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ?", {now, m.id});
      });
      ++sent;
    } else {
      std::string error = curl_easy_strerror(rc);
      log::warn("mail_send_failed", {{"outbox_id", m.id}, {"error", error}});
      db_.transaction([&](store::Connection& c) {
        c.exec("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
               {error, m.id});
      });
    }
  }
  return sent;
}

}  // namespace cg::mail
