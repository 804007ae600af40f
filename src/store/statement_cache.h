#pragma once
// The prepared statements one connection keeps, by SQL text, least recently used first out.
// Without a bound the cache would grow with every distinct text a connection ever runs (SQL
// built with a variable number of placeholders, or with computed literals such as a search's
// LIMIT and OFFSET), for as long as the connection lives. The adapters release what comes out
// (sqlite3_finalize, DEALLOCATE); this class only keeps the order.
#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace cg::store {

// Statements each connection keeps: more than any page runs, few enough that a pool of them
// stays small on the server.
inline constexpr size_t kCachedStatements = 256;

template <class Handle>
class StatementCache {
 public:
  explicit StatementCache(size_t capacity = kCachedStatements) : capacity_(capacity) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // The handle kept for sql, which becomes the most recently used; nullptr when none. A hit
  // neither allocates nor copies the text: the index's keys point into the entries.
  Handle* find(std::string_view sql) {
    auto it = index_.find(sql);
    if (it == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);
    return &it->second->handle;
  }

  // Keeps handle for sql (not already kept) as the most recently used. The cache may now hold
  // one more than its capacity: the caller takes the oldest out with pop_oldest when it can
  // release it.
  Handle& add(std::string_view sql, Handle handle) {
    entries_.push_front(Entry{std::string(sql), std::move(handle)});
    index_.emplace(entries_.front().sql, entries_.begin());
    return entries_.front().handle;
  }

  bool over_capacity() const { return entries_.size() > capacity_; }

  // Forgets the least recently used statement and hands it back for releasing.
  std::optional<Handle> pop_oldest() {
    if (entries_.empty()) return std::nullopt;
    index_.erase(entries_.back().sql);
    Handle handle = std::move(entries_.back().handle);
    entries_.pop_back();
    return handle;
  }

  size_t size() const { return entries_.size(); }

  template <class F>
  void each(F&& visit) {
    for (auto& e : entries_) visit(e.handle);
  }

 private:
  struct Entry {
    std::string sql;
    Handle handle;
  };
  size_t capacity_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string_view, typename std::list<Entry>::iterator> index_;
};

}  // namespace cg::store
