// Health, readiness, metrics, the home page and the fixed information pages.
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/ip_address.h"
#include "identity/store/org_store.h"
#include "web/app.h"

namespace cg::web {

using http::Access;
using http::Response;
using nlohmann::json;

namespace {

// Metrics are for the machine itself: a request from elsewhere, including one a trusted proxy
// on this machine forwarded for somebody else, or one whose forwarding header could not be
// believed, is told the page does not exist.
bool from_this_machine(const http::Request& req) {
  const auto address = net::parse_ip(req.remote_address);
  return address && net::is_loopback(*address) && !req.remote_uncertain;
}

}  // namespace

void register_system_routes(App& app) {
  app.page("GET", "/healthz", Access::public_page, [](Ctx&) {
    Response r = Response::json(json{{"status", "ok"}, {"version", CAREGUARD_VERSION}}.dump());
    return r;
  });

  app.page("GET", "/readyz", Access::public_page, [](Ctx& ctx) {
    const bool ok = ctx.app.db().ping();
    json body = {
        {"status", ok ? "ok" : "unavailable"},
        {"database", ok ? "reachable" : "unreachable"},
        {"dialect", ctx.app.db().dialect() == store::Dialect::sqlite ? "sqlite" : "postgresql"}};
    return Response::json(body.dump(), ok ? 200 : 503);
  });

  // Operators scrape metrics from the same machine; other clients are told the page does not
  // exist (a reverse proxy in front should refuse /metrics too: see SECURITY.md).
  app.page("GET", "/metrics", Access::public_page, [](Ctx& ctx) {
    if (!from_this_machine(ctx.req)) throw Error(ErrorCode::not_found, "Page not found");
    auto pool = ctx.app.db().stats();
    std::string extra;
    extra += "# HELP careguard_db_pool_connections Database connections open.\n";
    extra += "# TYPE careguard_db_pool_connections gauge\n";
    extra += "careguard_db_pool_connections " + std::to_string(pool.size) + "\n";
    extra += "# HELP careguard_db_pool_in_use Database connections lent out now.\n";
    extra += "# TYPE careguard_db_pool_in_use gauge\n";
    extra += "careguard_db_pool_in_use " + std::to_string(pool.in_use) + "\n";
    extra += "# HELP careguard_db_pool_capacity Most connections the pool will open.\n";
    extra += "# TYPE careguard_db_pool_capacity gauge\n";
    extra += "careguard_db_pool_capacity " + std::to_string(pool.capacity) + "\n";
    extra += "# HELP careguard_db_pool_waits_total Times a request waited for a connection.\n";
    extra += "# TYPE careguard_db_pool_waits_total counter\n";
    extra += "careguard_db_pool_waits_total " + std::to_string(pool.waits) + "\n";
    return Response::text(ctx.app.metrics().render(extra), 200,
                          "text/plain; version=0.0.4; charset=utf-8");
  });

  app.page("GET", "/", Access::signed_in, [](Ctx& ctx) {
    json orgs = json::array();
    for (const auto& m : ctx.actor.memberships)
      orgs.push_back({{"id", m.org_id},
                      {"name", m.org_name},
                      {"role", identity::role_label(m.role)},
                      {"type", identity::org_type_label(m.org_type)}});
    json context = {{"name", ctx.person->name},
                    {"memberships", orgs},
                    {"has_memberships", !orgs.empty()},
                    {"mfa_enabled", ctx.person->mfa_enabled()}};
    return ctx.app.render(ctx, "home", std::move(context), "Home");
  });

  for (const auto& [path, name, title] :
       {std::tuple{"/accessibility", "pages/accessibility", "Accessibility statement"},
        std::tuple{"/privacy", "pages/privacy", "Privacy notice"},
        std::tuple{"/help", "pages/help", "Help"}}) {
    std::string tmpl = name;
    std::string heading = title;
    app.page("GET", path, Access::public_page, [tmpl, heading](Ctx& ctx) {
      return ctx.app.render(ctx, tmpl, json::object(), heading);
    });
  }
}

}  // namespace cg::web
