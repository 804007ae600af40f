// Support advisers' portfolio progress, and comments on items of a provider's assessment.
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "identity/service.h"
#include "toolkit/comments/comments.h"
#include "toolkit/portfolio/portfolio.h"
#include "web/app.h"

namespace cg::web {

using http::Access;
using nlohmann::json;

namespace {

std::string org_href(int64_t id) { return "/orgs/" + std::to_string(id); }

std::string assessment_href(int64_t org_id, int64_t assessment_id) {
  return org_href(org_id) + "/toolkit/" + std::to_string(assessment_id);
}

json share_json(const toolkit::portfolio::Share& s) {
  return {{"percent", std::to_string(s.percent()) + "%"},
          {"count", std::to_string(s.met)},
          {"total", std::to_string(s.total)}};
}

json progress_context(const toolkit::portfolio::PortfolioProgress& p) {
  json rows = json::array();
  for (const auto& row : p.providers) {
    json r = {{"name", row.provider.name},
              {"href", org_href(row.provider.id)},
              {"ods_code", row.provider.ods_code.empty() ? json() : json(row.provider.ods_code)},
              {"status_label", toolkit::status_label(row.status.status)},
              {"status_met", row.status.status == toolkit::Status::met ||
                                 row.status.status == toolkit::Status::exceeded},
              {"started", row.assessment.has_value()}};
    if (row.status.publication) r["valid_until"] = clock::human_date(row.status.valid_until - 1);
    if (row.assessment) {
      const auto& a = *row.assessment;
      r["assessment_href"] = assessment_href(row.provider.id, a.id);
      r["edition"] = a.edition;
      r["title"] = a.title;
      r["approaching"] = share_json(a.progress.approaching);
      r["met"] = share_json(a.progress.met);
      r["answered"] = std::to_string(a.progress.answered);
      r["applicable"] = std::to_string(a.progress.applicable);
      r["last_activity"] = clock::human_date(a.last_activity);
    }
    rows.push_back(r);
  }
  return {{"wide", true},
          {"support_id", p.support.id},
          {"support_name", p.support.name},
          {"support_href", org_href(p.support.id)},
          {"providers", rows},
          {"has_providers", !rows.empty()}};
}

std::vector<Breadcrumb> comment_crumbs(const toolkit::comments::ItemComments& ic,
                                       const std::string& title) {
  const std::string base = assessment_href(ic.org.id, ic.assessment.id);
  return {{"/", "Home"},
          {org_href(ic.org.id), ic.org.name},
          {org_href(ic.org.id) + "/toolkit", "Data security toolkit"},
          {base, title},
          {base + "/items/" + ic.item->id, ic.item->title}};
}

http::Response render_comments(Ctx& ctx, const toolkit::comments::ItemComments& ic,
                               const std::string& body, const std::vector<FieldError>& errors) {
  const toolkit::Framework* f =
      ctx.app.library().find(ic.assessment.framework_id, ic.assessment.edition);
  const std::string title = f ? f->title : ic.assessment.edition;
  json context = {
      {"org_name", ic.org.name},
      {"item_id", ic.item->id},
      {"item_title", ic.item->title},
      {"question_href", assessment_href(ic.org.id, ic.assessment.id) + "/items/" + ic.item->id},
      {"comments",
       toolkit::comments::section_context(ic, body, errors.empty() ? "" : errors.front().message)}};
  const std::string page_title = "Comments on " + ic.item->id + " " + ic.item->title;
  if (!errors.empty())
    return ctx.app.render_form_error(ctx, "portfolio/comments", std::move(context), page_title,
                                     errors, comment_crumbs(ic, title));
  return ctx.app.render(ctx, "portfolio/comments", std::move(context), page_title,
                        comment_crumbs(ic, title));
}

}  // namespace

void register_portfolio_pages(App& app) {
  app.page("GET", "/orgs/{id}/portfolio/progress", Access::signed_in, [](Ctx& ctx) {
    auto progress = toolkit::portfolio::portfolio_progress(
        ctx.app.db(), ctx.app.library(), ctx.actor, ctx.req.param_id("id"), ctx.now());
    return ctx.app.render(ctx, "portfolio/progress", progress_context(progress),
                          "Portfolio progress",
                          {{"/", "Home"}, {org_href(progress.support.id), progress.support.name}});
  });

  app.page("GET", "/orgs/{id}/toolkit/{assessment}/items/{item}/comments", Access::signed_in,
           [](Ctx& ctx) {
             auto ic = toolkit::comments::item_comments(
                 ctx.app.db(), ctx.app.library(), ctx.actor, ctx.req.param_id("id"),
                 ctx.req.param_id("assessment"), ctx.req.param("item"));
             return render_comments(ctx, ic, "", {});
           });

  app.page("POST", "/orgs/{id}/toolkit/{assessment}/items/{item}/comments", Access::signed_in,
           [](Ctx& ctx) {
             const int64_t org_id = ctx.req.param_id("id");
             const int64_t assessment_id = ctx.req.param_id("assessment");
             const std::string item_id = ctx.req.param("item");
             try {
               toolkit::comments::add_comment(ctx.app.db(), ctx.app.library(), ctx.actor, org_id,
                                              assessment_id, item_id, ctx.field("body"), ctx.now());
             } catch (const Error& e) {
               if (e.code() != ErrorCode::validation) throw;
               auto ic = toolkit::comments::item_comments(
                   ctx.app.db(), ctx.app.library(), ctx.actor, org_id, assessment_id, item_id);
               return render_comments(ctx, ic, ctx.field("body"), e.fields());
             }
             return ctx.app.redirect_with_flash(
                 ctx, assessment_href(org_id, assessment_id) + "/items/" + item_id + "/comments",
                 "Your comment has been added");
           });
}

}  // namespace cg::web
