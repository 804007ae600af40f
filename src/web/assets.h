#pragma once
// Static files (web/dist) held in memory with a content hash, so pages link to
// /assets/<name>?v=<hash> and browsers may cache them for a year.
#include <map>
#include <optional>
#include <string>

#include "http/message.h"

namespace cg::web {

class Assets {
 public:
  explicit Assets(const std::string& dir);
  // URL with a content-hash query, e.g. /assets/nhsuk.css?v=1a2b3c4d
  std::string url(const std::string& name) const;
  // Serves GET /assets/...; nullopt when the path is not an asset.
  std::optional<http::Response> serve(const http::Request& request) const;
  size_t count() const { return files_.size(); }

 private:
  struct File {
    std::string body;
    std::string gzipped;
    std::string type;
    std::string etag;
    std::string hash;
  };
  std::map<std::string, File> files_;
};

}  // namespace cg::web
