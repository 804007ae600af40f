#pragma once
// The server's one NameIndex, kept between requests and used only under the
// search_names_version it was read under (migrations 0012 and 0013), which moves with every
// change to which organisations exist and to their type, name, codes and ICS, whoever makes it.
// Reading and indexing 45,000 names takes tens of milliseconds; while one request does it, others
// search in SQL rather than wait.
#include <cstdint>
#include <memory>
#include <mutex>

#include "oversight/name_index.h"
#include "store/database.h"

namespace cg::oversight {

using cg::store::Connection;

struct KeptNames {
  int64_t version = -1;
  std::shared_ptr<const NameIndex> index;
};

class NameIndexCache {
 public:
  // The index last read, perhaps out of date: the caller checks its version.
  KeptNames current() const;
  // The index for the version stored now, read again if it moved. Empty when another request
  // is reading it already.
  KeptNames refresh(Connection& c);

 private:
  mutable std::mutex mutex_;
  std::mutex reading_;
  KeptNames kept_;
};

}  // namespace cg::oversight
