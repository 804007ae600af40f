// The signed-in person's own account: two-step verification status and personal API tokens.
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "identity/service.h"
#include "identity/store/people_store.h"
#include "identity/store/token_store.h"
#include "web/app.h"
#include "web/form_fields.h"

namespace cg::web {

using http::Access;
using http::Response;
using nlohmann::json;

namespace {

json account_context(Ctx& ctx, const json& errors, const std::string& token_name,
                     const std::string& selected_org = "") {
  auto [tokens, codes_left] = ctx.app.db().read([&](store::Connection& c) {
    return std::make_pair(identity::store::tokens_of(c, ctx.person->id),
                          identity::store::unused_recovery_codes(c, ctx.person->id));
  });
  json list = json::array();
  for (const auto& t : tokens)
    list.push_back({{"id", t.id},
                    {"name", t.name},
                    {"prefix", t.prefix},
                    {"org_name", t.org_name},
                    {"created", clock::human_date(t.created_at)},
                    {"last_used", t.last_used_at ? clock::human_date(t.last_used_at) : "Never"},
                    {"revoked", t.revoked_at != 0}});
  json orgs = json::array();
  for (const auto& m : ctx.actor.memberships) {
    bool seen = false;
    for (const auto& o : orgs) seen = seen || o["value"] == m.org_id;
    if (!seen)
      orgs.push_back({{"value", m.org_id},
                      {"label", m.org_name},
                      {"selected", std::to_string(m.org_id) == selected_org}});
  }
  return {{"name", ctx.person->name},
          {"email", ctx.person->email},
          {"mfa_enabled", ctx.person->mfa_enabled()},
          {"recovery_codes_left", std::to_string(codes_left)},
          {"roles",
           [&] {
             json roles = json::array();
             for (const auto& m : ctx.actor.memberships)
               roles.push_back({{"org_name", m.org_name}, {"role", identity::role_label(m.role)}});
             return roles;
           }()},
          {"tokens", list},
          {"has_tokens", !list.empty()},
          {"orgs", orgs},
          {"has_orgs", !orgs.empty()},
          {"org_error", errors.contains("org_id") ? errors["org_id"] : json()},
          {"token_name_field",
           text_field({"token_name", "Token name", "text",
                       "Say what the token is for, like 'Spreadsheet export'", "off"},
                      token_name, errors)}};
}

}  // namespace

void register_account_pages(App& app) {
  app.page("GET", "/account", Access::signed_in, [](Ctx& ctx) {
    return ctx.app.render(ctx, "account/show", account_context(ctx, json::object(), ""),
                          "Your account", {{"/", "Home"}});
  });

  app.page("POST", "/account/tokens", Access::signed_in, [](Ctx& ctx) {
    int64_t org_id = 0;
    try {
      org_id = ctx.field("org_id").empty() ? 0 : std::stoll(ctx.field("org_id"));
    } catch (const std::exception&) {
      org_id = 0;
    }
    try {
      auto created = identity::create_api_token(ctx.app.db(), ctx.actor, org_id,
                                                ctx.field("token_name"), ctx.now());
      json context = account_context(ctx, json::object(), "");
      context["new_token"] = created.secret;
      context["new_token_name"] = created.token.name;
      return ctx.app.render(ctx, "account/show", std::move(context), "Your account",
                            {{"/", "Home"}});
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      std::vector<FieldError> list;
      for (const auto& f : e.fields())
        list.push_back({f.field == "name" ? "token_name" : f.field, f.message});
      return ctx.app.render_form_error(
          ctx, "account/show",
          account_context(ctx, field_errors_map(list), ctx.field("token_name"),
                          ctx.field("org_id")),
          "Your account", list, {{"/", "Home"}});
    }
  });

  app.page("POST", "/account/tokens/{id}/revoke", Access::signed_in, [](Ctx& ctx) {
    identity::revoke_api_token(ctx.app.db(), ctx.actor, ctx.req.param_id("id"), ctx.now());
    return ctx.app.redirect_with_flash(ctx, "/account",
                                       "The token has been revoked. It can no longer be used.");
  });
}

}  // namespace cg::web
