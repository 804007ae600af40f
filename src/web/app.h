#pragma once
// The web application: routing, sessions, CSRF, security headers and error pages around the
// page and API handlers. One App per process; it holds no per-user state of its own (all of
// that is in the database), so several servers can share one PostgreSQL database.
#include <array>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/config.h"
#include "core/error.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/rate_limit.h"
#include "http/router.h"
#include "identity/model.h"
#include "identity/policy.h"
#include "identity/store/session_store.h"
#include "identity/store/token_store.h"
#include "oversight/area_org_cache.h"
#include "oversight/area_table_cache.h"
#include "oversight/counter_cache.h"
#include "oversight/name_index_cache.h"
#include "oversight/portfolio_cache.h"
#include "store/database.h"
#include "toolkit/content/loader.h"
#include "web/assets.h"
#include "web/fragment_cache.h"
#include "web/templates.h"

namespace cg::web {

class App;

// Everything a handler knows about the request it is answering.
struct Ctx {
  http::Request& req;
  App& app;
  std::optional<identity::Person> person;
  identity::Actor actor;
  std::optional<identity::store::SessionRecord> session;
  std::optional<identity::store::ApiToken> token;  // set for API requests
  // Read with the session (see identity::store::SessionActor); unset without one.
  std::optional<int64_t> oversight_version;
  std::string csrf_token;
  std::vector<std::string> set_cookies;
  http::Params form;  // parsed body for POST forms

  int64_t now() const;
  std::string field(const std::string& name) const;
  bool signed_in() const { return person.has_value(); }
};

using PageHandler = std::function<http::Response(Ctx&)>;

struct Breadcrumb {
  std::string href;
  std::string label;
};

class App {
 public:
  App(Config config, std::unique_ptr<store::Database> db);
  ~App();

  http::Response handle(http::Request& request);
  void observe(const http::Request& request, int status, double seconds, size_t bytes);

  // Route registration for page and API modules.
  void page(const std::string& method, const std::string& pattern, http::Access access,
            PageHandler handler);
  void api(const std::string& method, const std::string& pattern, PageHandler handler);

  // Renders a page body template inside the layout.
  http::Response render(Ctx& ctx, const std::string& template_name, nlohmann::json context,
                        const std::string& title, std::vector<Breadcrumb> breadcrumbs = {},
                        int status = 200);
  // A page body template rendered on its own, for a handler that keeps it between requests:
  // it must not depend on who asks (no CSRF token is given to it).
  std::string render_body(const std::string& template_name, const nlohmann::json& context) const;
  // A body rendered by render_body, inside the layout.
  http::Response render_page(Ctx& ctx, std::string body, bool wide, const std::string& title,
                             std::vector<Breadcrumb> breadcrumbs = {}, int status = 200);
  // Re-shows a form with the error summary and inline errors.
  http::Response render_form_error(Ctx& ctx, const std::string& template_name,
                                   nlohmann::json context, const std::string& title,
                                   const std::vector<FieldError>& errors,
                                   std::vector<Breadcrumb> breadcrumbs = {});
  http::Response redirect_with_flash(Ctx& ctx, const std::string& location,
                                     const std::string& flash);

  // Starts a signed-in session cookie (after sign-in / MFA).
  void set_session_cookie(Ctx& ctx, const std::string& session_id);
  void clear_session_cookie(Ctx& ctx);

  // Called once the real port is known (listening on port 0) and before requests arrive.
  void set_public_base_url(const std::string& url) { config_.base_url = url; }

  store::Database& db() { return *db_; }
  const Config& config() const { return config_; }
  const http::Router& router() const { return router_; }
  const Templates& templates() const { return *templates_; }
  const toolkit::Library& library() const { return *library_; }
  const Assets& assets() const { return *assets_; }
  http::Metrics& metrics() { return metrics_; }
  oversight::CounterCache& counter_cache() { return counter_cache_; }
  oversight::PortfolioCache& portfolio_cache() { return portfolio_cache_; }
  oversight::AreaTableCache& area_tables() { return area_tables_; }
  oversight::AreaOrgCache& area_orgs() { return area_orgs_; }
  oversight::NameIndexCache& search_names() { return search_names_; }
  // Rendered dashboard bodies (see dashboard_pages.cpp for what they are kept under).
  FragmentCache& dashboard_bodies() { return dashboard_bodies_; }
  FragmentCache& dashboard_rows() { return dashboard_rows_; }

 private:
  http::Response dispatch(http::Request& request);
  http::Response error_response(Ctx* ctx, http::Request& request, const Error& error);
  void load_session(Ctx& ctx);
  bool load_api_token(Ctx& ctx);
  std::string csrf_for(const std::string& binding) const;
  void apply_security_headers(http::Response& response) const;

  Config config_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Templates> templates_;
  std::unique_ptr<Assets> assets_;
  std::unique_ptr<toolkit::Library> library_;
  std::unique_ptr<http::RateLimiter> api_limiter_;  // per API token
  http::Router router_;
  http::Metrics metrics_;
  oversight::CounterCache counter_cache_;
  oversight::PortfolioCache portfolio_cache_;
  oversight::AreaTableCache area_tables_;
  oversight::AreaOrgCache area_orgs_;
  oversight::NameIndexCache search_names_;
  // A region's dashboard body is about 100 KB: room for a couple of hundred views.
  FragmentCache dashboard_bodies_{24u << 20};
  // Rows of the area tables, about 1 KB each: every row of the largest region fits.
  FragmentCache dashboard_rows_{16u << 20};
  std::map<std::string, PageHandler> handlers_;  // keyed by "METHOD pattern"
  std::string secret_;
  // The HMAC-SHA256 state after keying with secret_ and absorbing "csrf:" (raw bytes of a
  // crypto_auth_hmacsha256_state), copied for each token instead of re-keying every time.
  std::string csrf_state_;
  std::array<std::string, 4> asset_urls_;  // nhsuk.css, app.css, nhsuk.js, app.js
};

// Registration functions of each module (defined beside their handlers).
void register_system_routes(App& app);
void register_auth_pages(App& app);
void register_password_reset_pages(App& app);
void register_org_pages(App& app);
void register_portfolio_access_pages(App& app);
void register_people_pages(App& app);
void register_account_pages(App& app);
void register_audit_pages(App& app);
void register_api(App& app);
void register_toolkit_pages(App& app);
void register_export_pages(App& app);
void register_toolkit_view_pages(App& app);
void register_review_pages(App& app);
void register_portfolio_pages(App& app);
void register_dashboard_pages(App& app);
void register_status_search_pages(App& app);
void register_import_pages(App& app);

// Helpers shared by page modules.
nlohmann::json errors_json(const std::vector<FieldError>& errors);
nlohmann::json field_errors_map(const std::vector<FieldError>& errors);

}  // namespace cg::web
