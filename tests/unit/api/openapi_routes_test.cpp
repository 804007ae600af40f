// The OpenAPI document (content/api/openapi.json) and the real router must agree: every
// /api/ route is documented, every documented operation exists, path parameters match the
// router's names, security matches the route's access, and every $ref resolves.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "core/config.h"
#include "core/crypto.h"
#include "store/database.h"
#include "store/migrations.h"
#include "web/app.h"

namespace {

using nlohmann::json;
using Operation = std::pair<std::string, std::string>;  // method, path

constexpr const char* kMethods[] = {"get",     "put",  "post",  "delete",
                                    "options", "head", "patch", "trace"};

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::set<std::string> braces_in(const std::string& pattern) {
  std::set<std::string> names;
  size_t pos = 0;
  while ((pos = pattern.find('{', pos)) != std::string::npos) {
    size_t end = pattern.find('}', pos);
    names.insert(pattern.substr(pos + 1, end - pos - 1));
    pos = end;
  }
  return names;
}

std::string describe(const std::set<Operation>& ops) {
  std::string out;
  for (const auto& [m, p] : ops) out += "  " + m + " " + p + "\n";
  return out;
}

class OpenApiRoutesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cg::crypto::init();
    dir_ = std::filesystem::temp_directory_path() /
           ("careguard-openapi-" + cg::crypto::random_token(8));
    std::filesystem::create_directories(dir_);
    auto db = cg::store::open("sqlite:" + (dir_ / "test.db").string(), 2);
    cg::store::migrate(*db);
    cg::Config config;
    config.share_dir = CAREGUARD_SOURCE_DIR;
    app_ = new cg::web::App(config, std::move(db));

    std::ifstream in(std::string(CAREGUARD_SOURCE_DIR) + "/content/api/openapi.json");
    std::stringstream text;
    text << in.rdbuf();
    doc_ = new json(json::parse(text.str(), nullptr, false));
  }

  static void TearDownTestSuite() {
    delete app_;
    delete doc_;
    app_ = nullptr;
    doc_ = nullptr;
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Every route whose path starts /api/, from the router the server really uses.
  static std::map<Operation, cg::http::Access> api_routes() {
    std::map<Operation, cg::http::Access> out;
    for (const auto& r : app_->router().routes())
      if (r.pattern.rfind("/api/", 0) == 0) out[{r.method, r.pattern}] = r.access;
    return out;
  }

  static std::map<Operation, json> documented() {
    std::map<Operation, json> out;
    for (auto& [path, item] : (*doc_)["paths"].items())
      for (const char* m : kMethods)
        if (item.contains(m)) out[{upper(m), path}] = item[m];
    return out;
  }

  static inline std::filesystem::path dir_;
  static inline cg::web::App* app_ = nullptr;
  static inline json* doc_ = nullptr;
};

TEST_F(OpenApiRoutesTest, DocumentIsOpenApi31) {
  ASSERT_FALSE(doc_->is_discarded()) << "content/api/openapi.json is not valid JSON";
  EXPECT_EQ(doc_->value("openapi", "").rfind("3.1.", 0), 0u) << doc_->value("openapi", "");
  EXPECT_TRUE((*doc_)["components"]["securitySchemes"].contains("bearerToken"));
  for (const char* schema :
       {"Organisation", "Member", "Invitation", "AuditEntry", "Problem", "NextCursor"})
    EXPECT_TRUE((*doc_)["components"]["schemas"].contains(schema)) << schema;
}

TEST_F(OpenApiRoutesTest, EveryApiRouteIsDocumentedAndEveryOperationExists) {
  ASSERT_FALSE(doc_->is_discarded());
  std::set<Operation> routes, ops, undocumented, missing;
  for (const auto& [op, access] : api_routes()) routes.insert(op);
  for (const auto& [op, body] : documented()) ops.insert(op);
  ASSERT_FALSE(routes.empty()) << "no /api/ routes registered";
  for (const auto& op : routes)
    if (!ops.count(op)) undocumented.insert(op);
  for (const auto& op : ops)
    if (!routes.count(op)) missing.insert(op);
  EXPECT_TRUE(undocumented.empty()) << "routes missing from openapi.json:\n"
                                    << describe(undocumented);
  EXPECT_TRUE(missing.empty()) << "documented operations with no route:\n" << describe(missing);
}

TEST_F(OpenApiRoutesTest, PathParametersMatchTheRouter) {
  ASSERT_FALSE(doc_->is_discarded());
  const json& components = (*doc_)["components"]["parameters"];
  auto resolve = [&](const json& p) -> json {
    if (p.contains("$ref")) {
      const std::string ref = p["$ref"];
      const std::string prefix = "#/components/parameters/";
      if (ref.rfind(prefix, 0) == 0 && components.contains(ref.substr(prefix.size())))
        return components[ref.substr(prefix.size())];
      return json::object();
    }
    return p;
  };
  for (auto& [path, item] : (*doc_)["paths"].items()) {
    for (const char* m : kMethods) {
      if (!item.contains(m)) continue;
      SCOPED_TRACE(upper(m) + " " + path);
      std::set<std::string> declared;
      for (const json* list : {&item, &item[m]})
        if (list->contains("parameters"))
          for (const auto& p : (*list)["parameters"]) {
            json resolved = resolve(p);
            if (resolved.value("in", "") == "path") {
              EXPECT_TRUE(resolved.value("required", false)) << resolved.dump();
              declared.insert(resolved.value("name", ""));
            }
          }
      EXPECT_EQ(declared, braces_in(path));
    }
  }
}

TEST_F(OpenApiRoutesTest, SecurityMatchesEachRoutesAccess) {
  ASSERT_FALSE(doc_->is_discarded());
  const json global = doc_->value("security", json::array());
  auto ops = documented();
  for (const auto& [op, access] : api_routes()) {
    auto it = ops.find(op);
    if (it == ops.end()) continue;  // reported by the test above
    SCOPED_TRACE(op.first + " " + op.second);
    const json security = it->second.contains("security") ? it->second["security"] : global;
    if (access == cg::http::Access::api_token) {
      ASSERT_FALSE(security.empty()) << "needs a token but documents no security";
      bool bearer = false;
      for (const auto& requirement : security)
        bearer = bearer || requirement.contains("bearerToken");
      EXPECT_TRUE(bearer);
    } else {
      EXPECT_TRUE(security.empty()) << "public route documented as needing a token";
    }
    EXPECT_TRUE(it->second.contains("operationId"));
    EXPECT_TRUE(it->second["responses"].is_object() && !it->second["responses"].empty());
  }
}

TEST_F(OpenApiRoutesTest, EveryReferenceResolvesAndOperationIdsAreUnique) {
  ASSERT_FALSE(doc_->is_discarded());
  std::vector<std::string> broken;
  std::function<void(const json&)> walk = [&](const json& node) {
    if (node.is_object()) {
      for (auto& [key, value] : node.items()) {
        if (key == "$ref" && value.is_string()) {
          const std::string ref = value;
          bool ok = ref.rfind("#/", 0) == 0;
          if (ok) {
            try {
              ok = !doc_->at(json::json_pointer(ref.substr(1))).is_null();
            } catch (const json::exception&) {
              ok = false;
            }
          }
          if (!ok) broken.push_back(ref);
        } else {
          walk(value);
        }
      }
    } else if (node.is_array()) {
      for (const auto& v : node) walk(v);
    }
  };
  walk(*doc_);
  EXPECT_TRUE(broken.empty()) << "unresolved: " << json(broken).dump();

  std::set<std::string> ids;
  for (const auto& [op, body] : documented()) {
    const std::string id = body.value("operationId", "");
    EXPECT_TRUE(ids.insert(id).second) << "duplicate operationId " << id;
  }
}

}  // namespace
