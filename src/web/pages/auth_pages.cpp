// Sign-in with password, the second step (authenticator code or recovery code), setting up
// two-step verification, and signing out.
#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "identity/service.h"
#include "identity/store/people_store.h"
#include "identity/totp.h"
#include "web/app.h"
#include "web/form_fields.h"
#include "web/local_path.h"

namespace cg::web {

using http::Access;
using http::Response;
using nlohmann::json;

namespace {

json sign_in_context(const std::string& email, const std::string& next, const json& errors) {
  return {
      {"email_field",
       text_field({"email", "Email address", "email", "", "username", ""}, email, errors)},
      {"password_field",
       text_field({"password", "Password", "password", "", "current-password", ""}, "", errors)},
      {"next", next}};
}

json code_context(const json& errors) {
  return {
      {"code_field",
       text_field({"code", "Security code", "text",
                   "Open your authenticator app and enter the 6-digit code it shows for Careguard",
                   "one-time-code", "nhsuk-input--width-10"},
                  "", errors)}};
}

Response signed_in_redirect(App& app, Ctx& ctx, const std::string& session_id,
                            const std::string& stage, const std::string& next) {
  app.set_session_cookie(ctx, session_id);
  if (stage == "mfa") return Response::redirect("/sign-in/mfa");
  if (stage == "enrol") return Response::redirect("/account/mfa/setup");
  // Only a path on this site, never another (an open redirect would help phishing).
  return Response::redirect(safe_next(next));
}

Response mfa_setup_page(Ctx& ctx, const json& errors, const std::vector<FieldError>& list) {
  auto person = ctx.app.db().read([&](store::Connection& c) {
    return identity::store::find_person(c, ctx.session->person_id);
  });
  if (!person) throw Error(ErrorCode::forbidden, "Sign in first");
  if (person->mfa_enabled()) return Response::redirect("/");
  std::string secret = person->mfa_secret;
  if (secret.empty() || list.empty())
    secret = identity::begin_mfa_enrolment(ctx.app.db(), person->id);
  const std::string uri = identity::otpauth_uri("Careguard", person->email, secret);
  std::string grouped;
  for (size_t i = 0; i < secret.size(); ++i) {
    if (i && i % 4 == 0) grouped.push_back(' ');
    grouped.push_back(secret[i]);
  }
  json context = code_context(errors);
  context["qr"] = identity::qr_svg_data_uri(uri);
  context["secret"] = grouped;
  context["required"] = ctx.session->stage == "enrol";
  if (!list.empty())
    return ctx.app.render_form_error(ctx, "auth/mfa_setup", std::move(context),
                                     "Set up two-step verification", list);
  return ctx.app.render(ctx, "auth/mfa_setup", std::move(context), "Set up two-step verification");
}

}  // namespace

void register_auth_pages(App& app) {
  app.page("GET", "/sign-in", Access::public_page, [](Ctx& ctx) {
    if (ctx.signed_in()) return Response::redirect("/");
    return ctx.app.render(ctx, "auth/sign_in",
                          sign_in_context("", ctx.req.query_value("next"), json::object()),
                          "Sign in");
  });

  app.page("POST", "/sign-in", Access::public_page, [](Ctx& ctx) {
    const std::string email = ctx.field("email");
    const std::string next = ctx.field("next");
    try {
      auto result =
          identity::sign_in(ctx.app.db(), email, ctx.field("password"), ctx.req.remote_address,
                            ctx.req.header("User-Agent"), ctx.now());
      // A session from before sign-in is ended so its id cannot be reused (fixation).
      if (ctx.session) identity::sign_out(ctx.app.db(), ctx.session->id_hash);
      return signed_in_redirect(ctx.app, ctx, result.session_id, result.stage, next);
    } catch (const Error& e) {
      if (e.code() == ErrorCode::validation) {
        auto errors = field_errors_map(e.fields());
        return ctx.app.render_form_error(ctx, "auth/sign_in", sign_in_context(email, next, errors),
                                         "Sign in", e.fields());
      }
      if (e.code() == ErrorCode::too_many_requests) {
        std::vector<FieldError> list = {{"email", e.what()}};
        Response r = ctx.app.render_form_error(ctx, "auth/sign_in",
                                               sign_in_context(email, next, field_errors_map(list)),
                                               "Sign in", list);
        r.status = 429;
        r.headers["Retry-After"] = "900";
        return r;
      }
      throw;
    }
  });

  app.page("GET", "/sign-in/mfa", Access::partial, [](Ctx& ctx) {
    if (ctx.session->stage != "mfa") return Response::redirect("/");
    return ctx.app.render(ctx, "auth/mfa", code_context(json::object()),
                          "Enter your security code");
  });

  app.page("POST", "/sign-in/mfa", Access::partial, [](Ctx& ctx) {
    if (ctx.session->stage != "mfa") return Response::redirect("/");
    try {
      std::string id =
          identity::complete_mfa(ctx.app.db(), *ctx.session, ctx.field("code"), false,
                                 ctx.req.remote_address, ctx.req.header("User-Agent"), ctx.now());
      ctx.app.set_session_cookie(ctx, id);
      return Response::redirect("/");
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation && e.code() != ErrorCode::too_many_requests) throw;
      std::vector<FieldError> list =
          e.fields().empty() ? std::vector<FieldError>{{"code", e.what()}} : e.fields();
      return ctx.app.render_form_error(ctx, "auth/mfa", code_context(field_errors_map(list)),
                                       "Enter your security code", list);
    }
  });

  app.page("GET", "/sign-in/recovery", Access::partial, [](Ctx& ctx) {
    if (ctx.session->stage != "mfa") return Response::redirect("/");
    json context = {
        {"recovery_field",
         text_field(
             {"recovery_code", "Recovery code", "text",
              "Each code is 12 letters and numbers, like abcd-efgh-jkmn. Each one works once.",
              "off", "nhsuk-input--width-20"},
             "", json::object())}};
    return ctx.app.render(ctx, "auth/recovery", std::move(context), "Use a recovery code");
  });

  app.page("POST", "/sign-in/recovery", Access::partial, [](Ctx& ctx) {
    if (ctx.session->stage != "mfa") return Response::redirect("/");
    try {
      std::string id =
          identity::complete_mfa(ctx.app.db(), *ctx.session, ctx.field("recovery_code"), true,
                                 ctx.req.remote_address, ctx.req.header("User-Agent"), ctx.now());
      ctx.app.set_session_cookie(ctx, id);
      return ctx.app.redirect_with_flash(
          ctx, "/account", "You signed in with a recovery code. That code cannot be used again.");
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation && e.code() != ErrorCode::too_many_requests) throw;
      std::vector<FieldError> list =
          e.fields().empty() ? std::vector<FieldError>{{"recovery_code", e.what()}} : e.fields();
      json context = {{"recovery_field", text_field({"recovery_code", "Recovery code", "text", "",
                                                     "off", "nhsuk-input--width-20"},
                                                    "", field_errors_map(list))}};
      return ctx.app.render_form_error(ctx, "auth/recovery", std::move(context),
                                       "Use a recovery code", list);
    }
  });

  app.page("GET", "/account/mfa/setup", Access::partial,
           [](Ctx& ctx) { return mfa_setup_page(ctx, json::object(), {}); });

  app.page("POST", "/account/mfa/setup", Access::partial, [](Ctx& ctx) {
    if (ctx.session->stage == "mfa") return Response::redirect("/sign-in/mfa");
    try {
      auto result = identity::confirm_mfa_enrolment(ctx.app.db(), *ctx.session, ctx.field("code"),
                                                    ctx.req.remote_address,
                                                    ctx.req.header("User-Agent"), ctx.now());
      ctx.app.set_session_cookie(ctx, result.session_id);
      // The page is shown within the now full session, with the signed-in header.
      ctx.app.db().read([&](store::Connection& c) {
        ctx.person = identity::store::find_person(c, ctx.session->person_id);
        ctx.actor = identity::store::load_actor(c, ctx.session->person_id);
      });
      json codes = json::array();
      for (const auto& c : result.recovery_codes) codes.push_back(c);
      return ctx.app.render(ctx, "auth/recovery_codes", {{"codes", codes}},
                            "Save your recovery codes");
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      return mfa_setup_page(ctx, field_errors_map(e.fields()), e.fields());
    }
  });

  app.page("POST", "/sign-out", Access::partial, [](Ctx& ctx) {
    identity::sign_out(ctx.app.db(), ctx.session->id_hash);
    ctx.app.clear_session_cookie(ctx);
    return Response::redirect("/sign-in");
  });
}

}  // namespace cg::web
