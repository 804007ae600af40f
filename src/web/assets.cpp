#include "web/assets.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"
#include "http/server.h"

namespace cg::web {

namespace fs = std::filesystem;

namespace {
std::string content_type(const fs::path& p) {
  static const std::map<std::string, std::string> types = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
  };
  auto it = types.find(p.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}
}  // namespace

Assets::Assets(const std::string& dir) {
  if (!fs::is_directory(dir)) return;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    File f;
    f.body = ss.str();
    f.type = content_type(entry.path());
    f.hash = crypto::sha256_hex(f.body).substr(0, 12);
    f.etag = "\"" + f.hash + "\"";
    if (f.type.rfind("text/", 0) == 0 || f.type.find("svg") != std::string::npos ||
        f.type.find("json") != std::string::npos) {
      std::string z = http::gzip(f.body);
      if (!z.empty() && z.size() < f.body.size()) f.gzipped = std::move(z);
    }
    files_["/" + fs::relative(entry.path(), dir).generic_string()] = std::move(f);
  }
}

std::string Assets::url(const std::string& name) const {
  auto it = files_.find("/" + name);
  return "/assets/" + name + (it == files_.end() ? "" : "?v=" + it->second.hash);
}

std::optional<http::Response> Assets::serve(const http::Request& req) const {
  if (req.path.rfind("/assets/", 0) != 0) return std::nullopt;
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  auto it = files_.find(req.path.substr(7));
  if (it == files_.end()) return std::nullopt;
  const File& f = it->second;
  http::Response r;
  r.headers["ETag"] = f.etag;
  r.headers["Cache-Control"] =
      req.query.count("v") ? "public, max-age=31536000, immutable" : "public, max-age=3600";
  r.headers["Vary"] = "Accept-Encoding";
  if (req.header("If-None-Match") == f.etag) {
    r.status = 304;
    return r;
  }
  r.headers["Content-Type"] = f.type;
  if (!f.gzipped.empty() && req.header("Accept-Encoding").find("gzip") != std::string::npos) {
    r.body = f.gzipped;
    r.headers["Content-Encoding"] = "gzip";
  } else {
    r.body = f.body;
  }
  return r;
}

}  // namespace cg::web
