// "Forgotten your password?": asking for a reset link by email, and choosing a new password
// with the link. Both pages are for signed-out visitors and carry the anonymous CSRF token.
#include <nlohmann/json.hpp>

#include "identity/password_reset.h"
#include "web/app.h"
#include "web/form_fields.h"

namespace cg::web {

using http::Access;
using http::Response;
using nlohmann::json;

namespace {

json request_context(const std::string& email, const json& errors) {
  return {
      {"email_field", text_field({"email", "Email address", "email",
                                  "Use the email address you sign in to Careguard with", "email"},
                                 email, errors)}};
}

json new_password_context(const std::string& email, const json& errors) {
  return {{"account_email", email},
          {"password_field",
           text_field({"password", "New password", "password",
                       "Use at least 12 characters. Three random words together work well. Do "
                       "not use a password you use for anything else.",
                       "new-password"},
                      "", errors)},
          {"confirm_field", text_field({"password_confirm", "Type your new password again",
                                        "password", "", "new-password"},
                                       "", errors)}};
}

}  // namespace

void register_password_reset_pages(App& app) {
  app.page("GET", "/password-reset", Access::public_page, [](Ctx& ctx) {
    return ctx.app.render(ctx, "auth/password_reset_request", request_context("", json::object()),
                          "Reset your password");
  });

  app.page("POST", "/password-reset", Access::public_page, [](Ctx& ctx) {
    const std::string email = ctx.field("email");
    try {
      identity::request_password_reset(ctx.app.db(), email, ctx.req.remote_address,
                                       ctx.app.config().public_base_url(), ctx.now());
    } catch (const Error& e) {
      if (e.code() == ErrorCode::validation)
        return ctx.app.render_form_error(ctx, "auth/password_reset_request",
                                         request_context(email, field_errors_map(e.fields())),
                                         "Reset your password", e.fields());
      if (e.code() != ErrorCode::too_many_requests) throw;
      json context = {{"status", 429},
                      {"heading", error_title(e.code())},
                      {"message", e.what()},
                      {"help_href", "/help#forgotten-password"}};
      Response r = ctx.app.render(ctx, "errors/error", context, error_title(e.code()), {}, 429);
      r.headers["Retry-After"] = "900";
      return r;
    }
    // The same page, whether or not the address has an account and whether or not an email
    // went: anything else would tell a stranger which addresses have accounts.
    return ctx.app.render(ctx, "auth/password_reset_sent", {{"email", email}}, "Check your email");
  });

  app.page("GET", "/password-reset/{token}", Access::public_page, [](Ctx& ctx) {
    auto usable =
        identity::find_usable_password_reset(ctx.app.db(), ctx.req.param("token"), ctx.now());
    return ctx.app.render(ctx, "auth/password_reset_new",
                          new_password_context(usable.person.email, json::object()),
                          "Choose a new password");
  });

  app.page("POST", "/password-reset/{token}", Access::public_page, [](Ctx& ctx) {
    const std::string token = ctx.req.param("token");
    int64_t person_id = 0;
    try {
      person_id = identity::reset_password(
          ctx.app.db(), token, {ctx.field("password"), ctx.field("password_confirm")},
          ctx.req.remote_address, ctx.app.config().public_base_url(), ctx.now());
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      // Only a refused password needs the link again, for the address shown on the form.
      auto usable = identity::find_usable_password_reset(ctx.app.db(), token, ctx.now());
      return ctx.app.render_form_error(
          ctx, "auth/password_reset_new",
          new_password_context(usable.person.email, field_errors_map(e.fields())),
          "Choose a new password", e.fields());
    }
    // Every session of the person has gone, this browser's included if it had one.
    if (ctx.session && ctx.session->person_id == person_id) ctx.app.clear_session_cookie(ctx);
    return ctx.app.redirect_with_flash(
        ctx, "/sign-in", "Your password has been changed. Sign in with your new password.");
  });
}

}  // namespace cg::web
