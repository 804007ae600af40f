// Organisations: the list a person may see, one organisation's page, adding and editing,
// and a support organisation's portfolio.
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "http/form.h"
#include "identity/portfolio_access.h"
#include "identity/service.h"
#include "identity/store/org_store.h"
#include "identity/store/portfolio_request_store.h"
#include "web/app.h"
#include "web/form_fields.h"

namespace cg::web {

using http::Access;
using http::Response;
using identity::Action;
using nlohmann::json;

namespace {

json org_summary(const identity::Organisation& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"type", identity::org_type_label(o.type)},
          {"ods_code", o.ods_code.empty() ? json() : json(o.ods_code)},
          {"cqc_location_id", o.cqc_location_id.empty() ? json() : json(o.cqc_location_id)}};
}

json requests_context(const std::vector<identity::store::PortfolioRequest>& requests) {
  json out = json::array();
  for (const auto& r : requests)
    out.push_back({{"request_id", r.id},
                   {"support_org_id", r.support_org_id},
                   {"support_name", r.support_name},
                   {"provider_id", r.provider_id},
                   {"provider_name", r.provider_name},
                   {"provider_code", r.provider_code.empty() ? json() : json(r.provider_code)},
                   {"asked_by", r.requested_by_name},
                   {"asked_on", clock::human_date(r.requested_at)}});
  return out;
}

json type_options(const std::string& selected, bool include_top) {
  json options = json::array();
  for (auto t : identity::kAllOrgTypes) {
    if (t == identity::OrgType::national && !include_top) continue;
    options.push_back({{"value", identity::to_string(t)},
                       {"label", identity::org_type_label(t)},
                       {"selected", selected == identity::to_string(t)}});
  }
  return options;
}

identity::OrgInput input_from(const Ctx& ctx) {
  return {ctx.field("name"),        ctx.field("type"),
          ctx.field("ods_code"),    ctx.field("cqc_location_id"),
          ctx.field("staff_count"), ctx.field("people_supported")};
}

json form_context(const identity::OrgInput& in, const json& errors, bool editing) {
  return {{"name_field", text_field({"name", "Organisation name"}, in.name, errors)},
          {"ods_field", text_field({"ods_code", "ODS code (optional)", "text",
                                    "The code the NHS uses for the organisation, like A1B2C for a "
                                    "head office or V12345 for a care site",
                                    "off", "nhsuk-input--width-10"},
                                   in.ods_code, errors)},
          {"cqc_field", text_field({"cqc_location_id", "CQC location ID (optional)", "text",
                                    "Find this on your CQC registration, like 1-123456789", "off",
                                    "nhsuk-input--width-20"},
                                   in.cqc_location_id, errors)},
          {"staff_field",
           text_field({"staff_count", "Number of staff", "text",
                       "Include part-time staff and volunteers", "off", "nhsuk-input--width-5"},
                      in.staff_count, errors)},
          {"people_field", text_field({"people_supported", "Number of people you support", "text",
                                       "", "off", "nhsuk-input--width-5"},
                                      in.people_supported, errors)},
          {"types", type_options(in.type, true)},
          {"type_error", errors.contains("type") ? errors["type"] : json()},
          {"editing", editing}};
}

std::vector<Breadcrumb> org_crumbs(const identity::Organisation& o) {
  return {{"/", "Home"}, {"/orgs", "Organisations"}, {"/orgs/" + std::to_string(o.id), o.name}};
}

}  // namespace

void register_org_pages(App& app) {
  app.page("GET", "/orgs", Access::signed_in, [](Ctx& ctx) {
    const std::string q = ctx.req.query_value("q");
    int64_t after = 0;
    try {
      after = ctx.req.query_value("after").empty() ? 0 : std::stoll(ctx.req.query_value("after"));
    } catch (const std::exception&) {
      throw Error(ErrorCode::bad_request, "The page link is not valid");
    }
    if (q.size() > 200) throw Error(ErrorCode::bad_request, "Search for 200 characters or fewer");
    auto page = ctx.app.db().read([&](store::Connection& c) {
      return identity::store::visible_orgs(c, ctx.person->id, q, after, 50);
    });
    json items = json::array();
    for (const auto& o : page.items) items.push_back(org_summary(o));
    json context = {{"orgs", items},
                    {"q", q},
                    {"has_orgs", !items.empty()},
                    {"may_add_top", ctx.actor.has_role(identity::Role::national_admin)}};
    if (page.next_after)
      context["next_href"] = "/orgs?after=" + std::to_string(page.next_after) +
                             (q.empty() ? "" : "&q=" + http::percent_encode(q));
    return ctx.app.render(ctx, "orgs/list", std::move(context), "Organisations", {{"/", "Home"}});
  });

  app.page("GET", "/orgs/new", Access::signed_in, [](Ctx& ctx) {
    int64_t parent_id = 0;
    try {
      parent_id =
          ctx.req.query_value("parent").empty() ? 0 : std::stoll(ctx.req.query_value("parent"));
    } catch (const std::exception&) {
      throw Error(ErrorCode::not_found, "Page not found");
    }
    json context = form_context({}, json::object(), false);
    context["parent_id"] = parent_id;
    if (parent_id > 0) {
      auto parent =
          identity::require_org(ctx.app.db(), ctx.actor, Action::add_child_org, parent_id);
      context["parent_name"] = parent.name;
    } else if (!ctx.actor.has_role(identity::Role::national_admin)) {
      throw Error(ErrorCode::forbidden, "You do not have permission to do this");
    }
    return ctx.app.render(ctx, "orgs/form", std::move(context), "Add an organisation",
                          {{"/", "Home"}, {"/orgs", "Organisations"}});
  });

  app.page("POST", "/orgs/new", Access::signed_in, [](Ctx& ctx) {
    int64_t parent_id = 0;
    try {
      parent_id = ctx.field("parent_id").empty() ? 0 : std::stoll(ctx.field("parent_id"));
    } catch (const std::exception&) {
      throw Error(ErrorCode::bad_request, "The parent organisation is not valid");
    }
    auto input = input_from(ctx);
    try {
      auto org = identity::create_org(ctx.app.db(), ctx.actor, parent_id, input, ctx.now());
      return ctx.app.redirect_with_flash(ctx, "/orgs/" + std::to_string(org.id),
                                         org.name + " has been added");
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      json context = form_context(input, field_errors_map(e.fields()), false);
      context["parent_id"] = parent_id;
      if (parent_id > 0) {
        auto parent = ctx.app.db().read(
            [&](store::Connection& c) { return identity::store::find_org(c, parent_id); });
        if (parent) context["parent_name"] = parent->name;
      }
      return ctx.app.render_form_error(ctx, "orgs/form", std::move(context), "Add an organisation",
                                       e.fields(), {{"/", "Home"}, {"/orgs", "Organisations"}});
    }
  });

  app.page("GET", "/orgs/{id}", Access::signed_in, [](Ctx& ctx) {
    auto org =
        identity::require_org(ctx.app.db(), ctx.actor, Action::view_org, ctx.req.param_id("id"));
    identity::OrgRef ref{org.id, org.path};
    const bool is_support = org.type == identity::OrgType::support_org;
    const bool may_manage_portfolio = identity::allowed(ctx.actor, Action::manage_portfolio, ref);
    const bool may_grant = identity::allowed(ctx.actor, Action::grant_access, ref);
    const bool is_care_provider =
        identity::is_provider_type(org.type) && org.type != identity::OrgType::supplier;
    const bool may_view_toolkit =
        is_care_provider && identity::allowed(ctx.actor, Action::view_private, ref);
    auto [children, parent, portfolio] = ctx.app.db().read([&](store::Connection& c) {
      return std::make_tuple(
          identity::store::child_orgs(c, org.id),
          org.parent_id ? identity::store::find_org(c, org.parent_id) : std::nullopt,
          is_support ? identity::store::portfolio_of(c, org.id)
                     : std::vector<identity::Organisation>{});
    });
    // Who can see this provider's work, and who is asking to; and a support organisation's
    // requests that providers have not answered yet.
    auto [supporters, asked_of_us, our_requests] = ctx.app.db().read([&](store::Connection& c) {
      using Requests = std::vector<identity::store::PortfolioRequest>;
      const bool provider_side = is_care_provider && (may_grant || may_view_toolkit);
      return std::make_tuple(
          provider_side ? identity::store::supporters_of(c, org.id)
                        : std::vector<identity::Organisation>{},
          provider_side ? identity::store::open_requests_to_provider(c, org.id) : Requests{},
          is_support && may_manage_portfolio
              ? identity::store::open_requests_from_support(c, org.id)
              : Requests{});
    });
    json kids = json::array();
    for (const auto& k : children)
      if (identity::allowed(ctx.actor, Action::view_org, {k.id, k.path}))
        kids.push_back(org_summary(k));
    json folio = json::array();
    for (const auto& p : portfolio) folio.push_back(org_summary(p));
    json context = org_summary(org);
    context["org_id"] = org.id;
    context["staff_count"] = std::to_string(org.staff_count);
    context["people_supported"] = std::to_string(org.people_supported);
    context["children"] = kids;
    context["has_children"] = !kids.empty();
    if (parent && identity::allowed(ctx.actor, Action::view_org, {parent->id, parent->path}))
      context["parent"] = org_summary(*parent);
    context["may_edit"] = identity::allowed(ctx.actor, Action::edit_org, ref);
    context["may_add_child"] = identity::allowed(ctx.actor, Action::add_child_org, ref);
    context["may_view_people"] = identity::allowed(ctx.actor, Action::view_people, ref);
    context["may_view_audit"] = identity::allowed(ctx.actor, Action::view_audit, ref);
    context["may_view_toolkit"] = may_view_toolkit;
    context["is_support_org"] = is_support;
    context["may_manage_portfolio"] = may_manage_portfolio;
    context["may_assign_portfolio"] = identity::allowed(ctx.actor, Action::assign_portfolio, ref);
    context["portfolio"] = folio;
    context["has_portfolio"] = !folio.empty();
    context["pending_requests"] = requests_context(our_requests);
    context["has_pending_requests"] = !our_requests.empty();
    context["shows_sharing"] = is_care_provider && (may_grant || may_view_toolkit);
    context["may_grant_access"] = may_grant;
    json sharing = json::array();
    for (const auto& s : supporters) sharing.push_back(org_summary(s));
    context["supporters"] = sharing;
    context["has_supporters"] = !sharing.empty();
    context["support_requests"] = requests_context(asked_of_us);
    context["has_support_requests"] = !asked_of_us.empty();
    context["provider_field"] = text_field({"provider_code", "ODS code of the care provider",
                                            "text", "", "off", "nhsuk-input--width-10"},
                                           "", json::object());
    return ctx.app.render(ctx, "orgs/show", std::move(context), org.name,
                          {{"/", "Home"}, {"/orgs", "Organisations"}});
  });

  app.page("GET", "/orgs/{id}/edit", Access::signed_in, [](Ctx& ctx) {
    auto org =
        identity::require_org(ctx.app.db(), ctx.actor, Action::edit_org, ctx.req.param_id("id"));
    identity::OrgInput in{org.name,
                          identity::to_string(org.type),
                          org.ods_code,
                          org.cqc_location_id,
                          std::to_string(org.staff_count),
                          std::to_string(org.people_supported)};
    json context = form_context(in, json::object(), true);
    context["id"] = org.id;
    return ctx.app.render(ctx, "orgs/form", std::move(context), "Change " + org.name,
                          org_crumbs(org));
  });

  app.page("POST", "/orgs/{id}/edit", Access::signed_in, [](Ctx& ctx) {
    const int64_t id = ctx.req.param_id("id");
    auto org = identity::require_org(ctx.app.db(), ctx.actor, Action::edit_org, id);
    auto input = input_from(ctx);
    input.type = identity::to_string(org.type);  // the type is fixed once created
    try {
      identity::update_org(ctx.app.db(), ctx.actor, id, input, ctx.now());
      return ctx.app.redirect_with_flash(ctx, "/orgs/" + std::to_string(id),
                                         "Your changes have been saved");
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      json context = form_context(input, field_errors_map(e.fields()), true);
      context["id"] = id;
      return ctx.app.render_form_error(ctx, "orgs/form", std::move(context), "Change " + org.name,
                                       e.fields(), org_crumbs(org));
    }
  });

  app.page("POST", "/orgs/{id}/portfolio", Access::signed_in, [](Ctx& ctx) {
    const int64_t id = ctx.req.param_id("id");
    try {
      auto asked = identity::ask_to_support(ctx.app.db(), ctx.actor, id, ctx.field("provider_code"),
                                            ctx.app.config().public_base_url(), ctx.now());
      return ctx.app.redirect_with_flash(
          ctx, "/orgs/" + std::to_string(id),
          asked.added ? asked.provider_name + " has been added to the portfolio"
                      : "We have asked " + asked.provider_name +
                            ". Their leads can say yes or no. Until they say yes, you cannot see "
                            "their work.");
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      auto org = identity::require_org(ctx.app.db(), ctx.actor, Action::manage_portfolio, id);
      json context = {
          {"id", id},
          {"name", org.name},
          {"provider_field", text_field({"provider_code", "ODS code of the care provider", "text",
                                         "", "off", "nhsuk-input--width-10"},
                                        ctx.field("provider_code"), field_errors_map(e.fields()))}};
      return ctx.app.render_form_error(ctx, "orgs/portfolio_add", std::move(context),
                                       "Add a provider to the portfolio", e.fields(),
                                       org_crumbs(org));
    }
  });

  app.page("POST", "/orgs/{id}/portfolio/{provider}/remove", Access::signed_in, [](Ctx& ctx) {
    const int64_t id = ctx.req.param_id("id");
    identity::remove_from_portfolio(ctx.app.db(), ctx.actor, id, ctx.req.param_id("provider"),
                                    ctx.now());
    return ctx.app.redirect_with_flash(ctx, "/orgs/" + std::to_string(id),
                                       "The provider has been removed from the portfolio");
  });
}

}  // namespace cg::web
