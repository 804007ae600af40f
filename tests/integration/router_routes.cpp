#include "router_routes.h"

#include <filesystem>

#include "core/config.h"
#include "core/crypto.h"
#include "harness.h"
#include "store/migrations.h"
#include "web/app.h"

namespace cg::test {

std::vector<std::pair<std::string, std::string>> all_routes() {
  crypto::init();
  auto dir = std::filesystem::temp_directory_path() / ("cg-routes-" + random_hex(6));
  std::filesystem::create_directories(dir);
  auto db = store::open("sqlite:" + (dir / "r.db").string(), 1);
  store::migrate(*db);
  Config config;
  web::App app(config, std::move(db));
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : app.router().routes()) out.emplace_back(r.method, r.pattern);
  std::filesystem::remove_all(dir);
  return out;
}

}  // namespace cg::test
