// Who may see a care provider's private records: the provider's answers to support
// organisations' requests, stopping a support organisation's access, a support organisation
// taking back its request, and the national team adding a list of providers to a portfolio.
// The rules are in identity/portfolio_access.h; these handlers only read the form and answer.
#include <nlohmann/json.hpp>

#include "identity/portfolio_access.h"
#include "identity/service.h"
#include "web/app.h"

namespace cg::web {

using http::Access;
using identity::Action;
using nlohmann::json;

namespace {

std::string org_href(int64_t id) { return "/orgs/" + std::to_string(id); }

json assign_context(const identity::Organisation& support, const std::string& codes,
                    const std::string& error) {
  json context = {{"id", support.id}, {"name", support.name}, {"codes", codes}};
  if (!error.empty()) context["codes_error"] = error;
  return context;
}

std::vector<Breadcrumb> support_crumbs(const identity::Organisation& support) {
  return {{"/", "Home"}, {"/orgs", "Organisations"}, {org_href(support.id), support.name}};
}

}  // namespace

void register_portfolio_access_pages(App& app) {
  app.page("POST", "/orgs/{id}/support-requests/{request}/accept", Access::signed_in, [](Ctx& ctx) {
    const int64_t id = ctx.req.param_id("id");
    identity::answer_request(ctx.app.db(), ctx.actor, id, ctx.req.param_id("request"), true,
                             ctx.now());
    return ctx.app.redirect_with_flash(
        ctx, org_href(id) + "#sharing",
        "You said yes. The support organisation can now see your toolkit.");
  });

  app.page("POST", "/orgs/{id}/support-requests/{request}/decline", Access::signed_in,
           [](Ctx& ctx) {
             const int64_t id = ctx.req.param_id("id");
             identity::answer_request(ctx.app.db(), ctx.actor, id, ctx.req.param_id("request"),
                                      false, ctx.now());
             return ctx.app.redirect_with_flash(
                 ctx, org_href(id) + "#sharing",
                 "You said no. The support organisation cannot see your toolkit.");
           });

  app.page("POST", "/orgs/{id}/supporters/{support}/remove", Access::signed_in, [](Ctx& ctx) {
    const int64_t id = ctx.req.param_id("id");
    identity::stop_support(ctx.app.db(), ctx.actor, id, ctx.req.param_id("support"), ctx.now());
    return ctx.app.redirect_with_flash(
        ctx, org_href(id) + "#sharing",
        "Sharing has stopped. The support organisation can no longer see your toolkit.");
  });

  app.page(
      "POST", "/orgs/{id}/portfolio/requests/{request}/withdraw", Access::signed_in, [](Ctx& ctx) {
        const int64_t id = ctx.req.param_id("id");
        identity::withdraw_request(ctx.app.db(), ctx.actor, id, ctx.req.param_id("request"),
                                   ctx.now());
        return ctx.app.redirect_with_flash(ctx, org_href(id), "The request has been taken back");
      });

  app.page("GET", "/orgs/{id}/portfolio/assign", Access::signed_in, [](Ctx& ctx) {
    auto support = identity::require_org(ctx.app.db(), ctx.actor, Action::assign_portfolio,
                                         ctx.req.param_id("id"));
    if (support.type != identity::OrgType::support_org)
      throw Error(ErrorCode::not_found, "Only support organisations have a portfolio");
    return ctx.app.render(ctx, "orgs/portfolio_assign", assign_context(support, "", ""),
                          "Add care providers to " + support.name, support_crumbs(support));
  });

  app.page("POST", "/orgs/{id}/portfolio/assign", Access::signed_in, [](Ctx& ctx) {
    const int64_t id = ctx.req.param_id("id");
    const std::string codes = ctx.field("codes");
    try {
      auto result = identity::assign_providers(ctx.app.db(), ctx.actor, id, codes, ctx.now());
      std::string flash = std::to_string(result.added) +
                          (result.added == 1 ? " provider was added" : " providers were added");
      if (result.already > 0)
        flash += ", and " + std::to_string(result.already) + " were already in the portfolio";
      return ctx.app.redirect_with_flash(ctx, org_href(id), flash);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      auto support = identity::require_org(ctx.app.db(), ctx.actor, Action::assign_portfolio, id);
      std::string message;
      for (const auto& f : e.fields()) message += (message.empty() ? "" : ". ") + f.message;
      return ctx.app.render_form_error(
          ctx, "orgs/portfolio_assign", assign_context(support, codes, message),
          "Add care providers to " + support.name, e.fields(), support_crumbs(support));
    }
  });
}

}  // namespace cg::web
