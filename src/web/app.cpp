#include "web/app.h"

#include <sodium.h>

#include <chrono>
#include <cstring>
#include <type_traits>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/log.h"
#include "http/form.h"
#include "identity/service.h"
#include "identity/session_rules.h"
#include "identity/store/people_store.h"

namespace cg::web {

using http::Access;
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

constexpr const char* kSessionCookie = "cg_session";
constexpr const char* kAnonCookie = "cg_csrf";
constexpr const char* kFlashCookie = "cg_flash";

bool is_unsafe(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool is_api_path(const std::string& path) { return path.rfind("/api/", 0) == 0; }

std::string problem_json(const Error& e, const std::string& instance) {
  // A fault of the server's own (a failed query, an unreachable database) is logged in full but
  // described to the client only in general terms: the database's message names tables,
  // columns and the SQL it choked on.
  const bool ours = e.code() == ErrorCode::internal || e.code() == ErrorCode::unavailable;
  json body = {{"type", "about:blank"},
               {"title", error_title(e.code())},
               {"status", http_status(e.code())},
               {"detail", ours ? std::string("Try again later. If this keeps happening, contact "
                                             "your support organisation.")
                               : std::string(e.what())},
               {"instance", instance}};
  if (!e.fields().empty()) {
    json errors = json::array();
    for (const auto& f : e.fields()) errors.push_back({{"field", f.field}, {"message", f.message}});
    body["errors"] = errors;
  }
  // A message or path may quote bytes from the request that are not UTF-8 (a JSON parse error,
  // an item id in the URL): they become U+FFFD rather than making dump() throw.
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

int64_t Ctx::now() const { return clock::now(); }

std::string Ctx::field(const std::string& name) const {
  auto it = form.find(name);
  return it == form.end() ? "" : it->second;
}

json errors_json(const std::vector<FieldError>& errors) {
  json list = json::array();
  for (const auto& e : errors) list.push_back({{"field", e.field}, {"message", e.message}});
  return list;
}

json field_errors_map(const std::vector<FieldError>& errors) {
  json map = json::object();
  for (const auto& e : errors)
    if (!map.contains(e.field)) map[e.field] = e.message;
  return map;
}

App::App(Config config, std::unique_ptr<store::Database> db)
    : config_(std::move(config)), db_(std::move(db)) {
  const std::string share = config_.share();
  templates_ = std::make_unique<Templates>(share + "/templates");
  assets_ = std::make_unique<Assets>(share + "/web/dist");
  // A broken framework file stops the server here, with every problem listed.
  library_ =
      std::make_unique<toolkit::Library>(toolkit::Library::load(share + "/content/frameworks"));
  if (assets_->count() == 0)
    log::warn("no_static_assets",
              {{"dir", share + "/web/dist"},
               {"hint", "run `npm ci --prefix web && npm run build --prefix web`"}});
  secret_ = db_->read([](store::Connection& c) {
    auto r = c.exec("SELECT value FROM settings WHERE key = 'secret'");
    return r.empty() ? std::string() : r.rows[0].text(0);
  });
  if (secret_.empty())
    throw Error(ErrorCode::unavailable, "database is not migrated: run `careguard migrate`");
  api_limiter_ =
      std::make_unique<http::RateLimiter>(config_.api_requests_per_minute, config_.api_burst);
  {
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret_.data()),
                                secret_.size());
    static constexpr std::string_view kPrefix = "csrf:";
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(kPrefix.data()),
                                  kPrefix.size());
    csrf_state_.assign(reinterpret_cast<const char*>(&st), sizeof st);
    sodium_memzero(&st, sizeof st);
  }
  // Asset hashes are fixed once loaded, so the layout's links are worked out once.
  asset_urls_ = {assets_->url("nhsuk.css"), assets_->url("app.css"), assets_->url("nhsuk.js"),
                 assets_->url("app.js")};
  register_system_routes(*this);
  register_auth_pages(*this);
  register_password_reset_pages(*this);
  register_org_pages(*this);
  register_people_pages(*this);
  register_account_pages(*this);
  register_audit_pages(*this);
  register_toolkit_pages(*this);
  register_export_pages(*this);
  register_toolkit_view_pages(*this);
  register_review_pages(*this);
  register_portfolio_pages(*this);
  register_portfolio_access_pages(*this);
  register_dashboard_pages(*this);
  register_status_search_pages(*this);
  register_import_pages(*this);
  register_api(*this);
}

App::~App() = default;

void App::page(const std::string& method, const std::string& pattern, Access access,
               PageHandler handler) {
  handlers_[method + " " + pattern] = std::move(handler);
  router_.add(method, pattern, access, nullptr);
}

void App::api(const std::string& method, const std::string& pattern, PageHandler handler) {
  page(method, pattern, Access::api_token, std::move(handler));
}

std::string App::csrf_for(const std::string& binding) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  static_assert(std::is_trivially_copyable_v<crypto_auth_hmacsha256_state>);
  std::memcpy(&st, csrf_state_.data(), sizeof st);
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(binding.data()),
                                binding.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return crypto::base64url(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

void App::load_session(Ctx& ctx) {
  const std::string raw = ctx.req.cookie(kSessionCookie);
  if (raw.empty() || raw.size() > 100) return;
  const std::string hash = crypto::sha256_hex(raw);
  const int64_t now = ctx.now();
  auto loaded =
      db_->read([&](store::Connection& c) { return identity::store::load_session_actor(c, hash); });
  if (!loaded || loaded->person.disabled_at) return;
  auto& [session, person, actor, oversight_version] = *loaded;
  const identity::SessionTimes times{session.created_at, session.last_seen_at};
  if (identity::session_expired(times, now, config_.session_idle_seconds,
                                config_.session_absolute_seconds)) {
    db_->transaction([&](store::Connection& c) { identity::store::delete_session(c, hash); });
    return;
  }
  if (identity::session_needs_touch(times, now))
    db_->transaction([&](store::Connection& c) { identity::store::touch_session(c, hash, now); });
  ctx.csrf_token = csrf_for(raw);
  ctx.oversight_version = oversight_version;
  // A role that needs two-step verification may be given during a session (an invitation
  // accepted, a role granted): until it is set up, the session can only go to set it up.
  if (session.stage == "full" && actor.needs_mfa() && !person.mfa_enabled())
    session.stage = "enrol";
  if (session.stage == "full") {
    ctx.person = std::move(person);
    ctx.actor = std::move(actor);
  } else {
    ctx.actor.person_id = person.id;
  }
  ctx.session = std::move(session);
}

bool App::load_api_token(Ctx& ctx) {
  const std::string auth = ctx.req.header("Authorization");
  if (auth.rfind("Bearer ", 0) != 0) return false;
  auto token = identity::authenticate_token(*db_, auth.substr(7), ctx.now());
  if (!token) return false;
  auto loaded = db_->read([&](store::Connection& c) {
    return std::make_pair(identity::store::find_person(c, token->person_id),
                          identity::store::load_actor(c, token->person_id));
  });
  if (!loaded.first || loaded.first->disabled_at) return false;
  // A token is refused while its owner holds a role that needs two-step verification without
  // having set it up: a token made as staff must not carry a lead's powers past that check.
  if (loaded.second.needs_mfa() && !loaded.first->mfa_enabled())
    throw Error(ErrorCode::forbidden,
                "Your role needs two-step verification. Sign in to Careguard and set it up, then "
                "this token will work again");
  ctx.token = token;
  ctx.person = loaded.first;
  // A token acts only within the organisation it was made for.
  identity::Actor scoped;
  scoped.person_id = loaded.second.person_id;
  for (const auto& m : loaded.second.memberships)
    if (m.org_id == token->org_id) scoped.memberships.push_back(m);
  for (const auto& pp : loaded.second.portfolio_paths)
    if (pp.first == token->org_id) scoped.portfolio_paths.push_back(pp);
  ctx.actor = std::move(scoped);
  return true;
}

void App::set_session_cookie(Ctx& ctx, const std::string& session_id) {
  http::CookieOptions o;
  o.secure = config_.secure_cookies;
  ctx.set_cookies.push_back(http::make_set_cookie(kSessionCookie, session_id, o));
  ctx.csrf_token = csrf_for(session_id);
}

void App::clear_session_cookie(Ctx& ctx) {
  http::CookieOptions o;
  o.secure = config_.secure_cookies;
  o.max_age = 0;
  ctx.set_cookies.push_back(http::make_set_cookie(kSessionCookie, "", o));
}

void App::apply_security_headers(Response& r) const {
  r.headers["Content-Security-Policy"] =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
      "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
      "form-action 'self'; frame-ancestors 'none'";
  r.headers["X-Content-Type-Options"] = "nosniff";
  r.headers["Referrer-Policy"] = "same-origin";
  r.headers["X-Frame-Options"] = "DENY";
  r.headers["Cross-Origin-Opener-Policy"] = "same-origin";
  r.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
  if (config_.secure_cookies && config_.public_base_url().rfind("https://", 0) == 0)
    r.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  if (!r.headers.count("Cache-Control")) r.headers["Cache-Control"] = "no-store";
}

Response App::render(Ctx& ctx, const std::string& template_name, json context,
                     const std::string& title, std::vector<Breadcrumb> breadcrumbs, int status) {
  context["csrf_token"] = ctx.csrf_token;
  const bool wide = context.value("wide", false);
  return render_page(ctx, templates_->render(template_name, context), wide, title,
                     std::move(breadcrumbs), status);
}

std::string App::render_body(const std::string& template_name, const json& context) const {
  return templates_->render(template_name, context);
}

Response App::render_page(Ctx& ctx, std::string body, bool wide, const std::string& title,
                          std::vector<Breadcrumb> breadcrumbs, int status) {
  json layout;
  if (wide) layout["wide"] = true;
  layout["title"] = title;
  layout["content"] = std::move(body);
  layout["signed_in"] = ctx.signed_in();
  layout["csrf_token"] = ctx.csrf_token;
  layout["nhsuk_css_href"] = asset_urls_[0];
  layout["css_href"] = asset_urls_[1];
  layout["nhsuk_js_href"] = asset_urls_[2];
  layout["js_href"] = asset_urls_[3];
  if (ctx.signed_in()) {
    layout["user_name"] = ctx.person->name;
    json nav = json::array();
    auto item = [&](const char* href, const char* label) {
      // An organisation's dashboard lives under /orgs/ but belongs to "Dashboard".
      const std::string_view path = ctx.req.path;
      const bool dashboard = path == "/dashboard" ||
                             (path.size() > 10 && path.substr(path.size() - 10) == "/dashboard");
      const std::string_view h = href;
      const bool current = h == "/"            ? path == "/"
                           : h == "/dashboard" ? dashboard
                                               : !dashboard && path.rfind(h, 0) == 0;
      json entry = json::object();
      entry["href"] = href;
      entry["label"] = label;
      entry["current"] = current;
      nav.push_back(std::move(entry));
    };
    item("/", "Home");
    // Staff only need their own home page; every other role works across organisations.
    bool beyond_staff = false;
    for (const auto& m : ctx.actor.memberships)
      beyond_staff = beyond_staff || m.role != identity::Role::staff;
    if (beyond_staff) item("/orgs", "Organisations");
    bool oversees = false;
    for (const auto& m : ctx.actor.memberships)
      oversees = oversees || m.role == identity::Role::national_admin ||
                 m.role == identity::Role::analyst || m.role == identity::Role::support_adviser;
    if (oversees) item("/dashboard", "Dashboard");
    item("/account", "Your account");
    layout["nav"] = std::move(nav);
  }
  if (!breadcrumbs.empty()) {
    json crumbs = json::array();
    for (const auto& b : breadcrumbs) crumbs.push_back({{"href", b.href}, {"label", b.label}});
    layout["breadcrumbs"] = crumbs;
    layout["breadcrumb_back"] = {{"href", breadcrumbs.back().href},
                                 {"label", breadcrumbs.back().label}};
  }
  const std::string flash = ctx.req.cookie(kFlashCookie);
  if (!flash.empty()) {
    try {
      std::string text = http::percent_decode(flash, false);
      if (!text.empty()) layout["flash"] = text;
    } catch (const Error&) {
    }
    http::CookieOptions o;
    o.secure = config_.secure_cookies;
    o.max_age = 0;
    ctx.set_cookies.push_back(http::make_set_cookie(kFlashCookie, "", o));
  }
  return Response::html(templates_->render("layout", layout), status);
}

Response App::render_form_error(Ctx& ctx, const std::string& template_name, json context,
                                const std::string& title, const std::vector<FieldError>& errors,
                                std::vector<Breadcrumb> breadcrumbs) {
  context["errors"] = errors_json(errors);
  context["has_errors"] = !errors.empty();
  return render(ctx, template_name, std::move(context), "Error: " + title, std::move(breadcrumbs),
                422);
}

Response App::redirect_with_flash(Ctx& ctx, const std::string& location, const std::string& flash) {
  http::CookieOptions o;
  o.secure = config_.secure_cookies;
  o.max_age = 60;
  ctx.set_cookies.push_back(http::make_set_cookie(kFlashCookie, http::percent_encode(flash), o));
  return Response::redirect(location);
}

Response App::error_response(Ctx* ctx, Request& req, const Error& e) {
  const int status = http_status(e.code());
  if (is_api_path(req.path) || !ctx) {
    Response r = Response::json(problem_json(e, req.path), status);
    r.headers["Content-Type"] = "application/problem+json";
    if (e.code() == ErrorCode::unauthenticated) r.headers["WWW-Authenticate"] = "Bearer";
    return r;
  }
  json context = {{"status", status}, {"heading", error_title(e.code())}, {"help_href", "/help"}};
  switch (e.code()) {
    case ErrorCode::not_found:
      context["message"] =
          "If you typed the web address, check it is correct. If you pasted it, check you copied "
          "all of it.";
      break;
    case ErrorCode::internal:
      context["message"] =
          "Try again later. If this keeps happening, contact your support organisation.";
      break;
    default:
      context["message"] = e.what();
  }
  if (!e.fields().empty()) context["errors"] = errors_json(e.fields());
  try {
    return render(*ctx, "errors/error", context, error_title(e.code()), {}, status);
  } catch (const std::exception&) {
    return Response::text(error_title(e.code()), status);
  }
}

Response App::handle(Request& req) {
  Response r;
  try {
    r = dispatch(req);
  } catch (const std::exception& e) {
    log::error("request_failed", {{"request_id", req.request_id}, {"error", e.what()}});
    r = error_response(nullptr, req,
                       Error(ErrorCode::internal, "Sorry, there is a problem with the service"));
  }
  apply_security_headers(r);
  return r;
}

Response App::dispatch(Request& req) {
  if (auto asset = assets_->serve(req)) return *asset;
  std::vector<std::string> allowed;
  const http::Route* route = router_.match(req, &allowed);
  Ctx ctx{req, *this};
  try {
    if (!route) {
      req.route = allowed.empty() ? "(not found)" : "(method not allowed)";
      if (!allowed.empty()) {
        Response r =
            error_response(is_api_path(req.path) ? nullptr : &ctx, req,
                           Error(ErrorCode::method_not_allowed, "This method is not allowed here"));
        r.headers["Allow"] = http::allow_header(allowed);
        return r;
      }
      if (!is_api_path(req.path)) load_session(ctx);
      throw Error(ErrorCode::not_found, "Page not found");
    }
    const bool api = route->access == Access::api_token;
    if (api) {
      if (!load_api_token(ctx))
        throw Error(ErrorCode::unauthenticated,
                    "Send a valid personal API token in the Authorization header: Bearer <token>");
      const auto limit = api_limiter_->take(std::to_string(ctx.token->id),
                                            std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::steady_clock::now().time_since_epoch())
                                                .count());
      if (!limit.allowed) {
        const std::string wait = std::to_string(limit.retry_after_seconds);
        Response r =
            error_response(nullptr, req,
                           Error(ErrorCode::too_many_requests,
                                 "Too many requests with this token: wait " + wait +
                                     (wait == "1" ? " second" : " seconds") + " and try again"));
        r.headers["Retry-After"] = wait;
        return r;
      }
    } else {
      load_session(ctx);
      if (!ctx.session) {
        // Signed-out visitors get a CSRF binding cookie so their forms (sign-in,
        // accepting an invitation) are protected too.
        std::string anon = req.cookie(kAnonCookie);
        if (anon.size() < 20 || anon.size() > 100) {
          anon = crypto::random_token(24);
          http::CookieOptions o;
          o.secure = config_.secure_cookies;
          ctx.set_cookies.push_back(http::make_set_cookie(kAnonCookie, anon, o));
          if (is_unsafe(req.method)) anon.clear();  // a fresh cookie cannot match a posted token
        }
        if (!anon.empty()) ctx.csrf_token = csrf_for("anon:" + anon);
      }
      if (route->access == Access::signed_in && !ctx.signed_in()) {
        if (ctx.session && ctx.session->stage == "mfa") return Response::redirect("/sign-in/mfa");
        if (ctx.session && ctx.session->stage == "enrol")
          return Response::redirect("/account/mfa/setup");
        Response r = Response::redirect("/sign-in?next=" + http::percent_encode(req.target));
        for (auto& c : ctx.set_cookies) r.set_cookies.push_back(c);
        return r;
      }
      if (route->access == Access::partial && !ctx.session) return Response::redirect("/sign-in");
      if (is_unsafe(req.method)) {
        ctx.form = http::form_fields(req);
        auto it = ctx.form.find("csrf_token");
        if (ctx.csrf_token.empty() || it == ctx.form.end() ||
            !crypto::equal_constant_time(it->second, ctx.csrf_token))
          throw Error(ErrorCode::forbidden,
                      "This form has expired or was sent from somewhere else. Go back, refresh the "
                      "page and try again.");
      }
    }
    Response r = handlers_.at(route->method + " " + route->pattern)(ctx);
    for (auto& c : ctx.set_cookies) r.set_cookies.push_back(c);
    return r;
  } catch (const Error& e) {
    if (e.code() == ErrorCode::internal || e.code() == ErrorCode::unavailable)
      log::error("request_error", {{"request_id", req.request_id}, {"error", e.what()}});
    else if (!e.detail().empty())
      log::warn("request_conflict", {{"request_id", req.request_id}, {"error", e.detail()}});
    Response r = error_response(&ctx, req, e);
    for (auto& c : ctx.set_cookies) r.set_cookies.push_back(c);
    return r;
  }
}

void App::observe(const Request& req, int status, double seconds, size_t bytes) {
  metrics_.observe(req.method, req.route.empty() ? "(static)" : req.route, status, seconds);
  // A path holding a secret token (an invitation or password reset link) is logged as its
  // pattern: anyone who can read the log could otherwise use a link that is still live.
  const bool secret_path = req.route.find("{token}") != std::string::npos;
  if (!config_.access_log) return;
  json fields = {{"request_id", req.request_id},
                 {"method", req.method},
                 {"path", secret_path ? req.route : req.path},
                 {"route", req.route},
                 {"status", status},
                 {"ms", seconds * 1000.0},
                 {"bytes", bytes},
                 {"remote", req.remote_address}};
  // Behind a trusted proxy "remote" is the client it forwarded for; "peer" is the proxy.
  if (req.peer_address != req.remote_address) fields["peer"] = req.peer_address;
  if (req.remote_uncertain) fields["remote_uncertain"] = true;
  log::info("request", std::move(fields));
}

}  // namespace cg::web
