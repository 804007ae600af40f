#pragma once
// Rendered page bodies kept between requests. Each is kept under a key (the page and its
// canonical query) and a stamp (what it was made from: data versions, the day it shows); it is
// given back only for the same stamp, so a page never outlives its data. Bounded by bytes:
// past the bound the least recently used bodies go.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace cg::web {

class FragmentCache {
 public:
  using Body = std::shared_ptr<const std::string>;
  explicit FragmentCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The body kept under key, if it was made under this stamp.
  Body find(const std::string& key, const std::string& stamp);
  // The same for each key, in order (nullptr where none), under one lock: for a page made of
  // many kept pieces.
  std::vector<Body> find_all(const std::vector<std::string>& keys, const std::string& stamp);
  void keep(const std::string& key, const std::string& stamp, Body body);

  size_t bytes() const;
  size_t size() const;

 private:
  struct Entry {
    std::string key;
    std::string stamp;
    Body body;
  };
  using Order = std::list<Entry>;  // most recently used first
  void drop(Order::iterator it);
  Body find_locked(const std::string& key, const std::string& stamp);

  const size_t max_bytes_;
  mutable std::mutex mutex_;
  Order order_;
  std::unordered_map<std::string, Order::iterator> index_;
  size_t bytes_ = 0;
};

}  // namespace cg::web
