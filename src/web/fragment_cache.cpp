#include "web/fragment_cache.h"

namespace cg::web {

namespace {
size_t weight(const std::string& key, const std::string& stamp, const std::string& body) {
  return key.size() + stamp.size() + body.size();
}
}  // namespace

FragmentCache::Body FragmentCache::find(const std::string& key, const std::string& stamp) {
  std::lock_guard lock(mutex_);
  return find_locked(key, stamp);
}

std::vector<FragmentCache::Body> FragmentCache::find_all(const std::vector<std::string>& keys,
                                                         const std::string& stamp) {
  std::vector<Body> out;
  out.reserve(keys.size());
  std::lock_guard lock(mutex_);
  for (const auto& key : keys) out.push_back(find_locked(key, stamp));
  return out;
}

FragmentCache::Body FragmentCache::find_locked(const std::string& key, const std::string& stamp) {
  auto it = index_.find(key);
  if (it == index_.end() || it->second->stamp != stamp) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->body;
}

void FragmentCache::keep(const std::string& key, const std::string& stamp, Body body) {
  if (!body) return;
  const size_t w = weight(key, stamp, *body);
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) drop(it->second);
  if (w > max_bytes_) return;
  while (bytes_ + w > max_bytes_ && !order_.empty()) drop(std::prev(order_.end()));
  order_.push_front({key, stamp, std::move(body)});
  index_[key] = order_.begin();
  bytes_ += w;
}

void FragmentCache::drop(Order::iterator it) {
  bytes_ -= weight(it->key, it->stamp, *it->body);
  index_.erase(it->key);
  order_.erase(it);
}

size_t FragmentCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

size_t FragmentCache::size() const {
  std::lock_guard lock(mutex_);
  return order_.size();
}

}  // namespace cg::web
