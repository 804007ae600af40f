// An organisation's audit trail, newest first.
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "identity/service.h"
#include "identity/store/audit_store.h"
#include "identity/store/people_store.h"
#include "web/app.h"

namespace cg::web {

using http::Access;
using nlohmann::json;

void register_audit_pages(App& app) {
  app.page("GET", "/orgs/{id}/audit", Access::signed_in, [](Ctx& ctx) {
    auto org = identity::require_org(ctx.app.db(), ctx.actor, identity::Action::view_audit,
                                     ctx.req.param_id("id"));
    int64_t before = 0;
    try {
      before =
          ctx.req.query_value("before").empty() ? 0 : std::stoll(ctx.req.query_value("before"));
    } catch (const std::exception&) {
      throw Error(ErrorCode::bad_request, "The page link is not valid");
    }
    auto [entries, names] = ctx.app.db().read([&](store::Connection& c) {
      auto list = identity::store::audit_entries(c, org.id, before, 51);
      std::map<int64_t, std::string> people;
      for (const auto& e : list)
        if (e.actor_id && !people.count(e.actor_id))
          if (auto p = identity::store::find_person(c, e.actor_id)) people[e.actor_id] = p->name;
      return std::make_pair(list, people);
    });
    json rows = json::array();
    const size_t shown = std::min<size_t>(entries.size(), 50);
    for (size_t i = 0; i < shown; ++i) {
      const auto& e = entries[i];
      rows.push_back(
          {{"when", clock::human_date(e.at) + " at " + clock::iso8601(e.at).substr(11, 5)},
           {"when_iso", clock::iso8601(e.at)},
           {"who",
            e.actor_id ? (names.count(e.actor_id) ? names[e.actor_id] : "Unknown") : "System"},
           {"action", e.action},
           {"target", e.target_type + " " + e.target_id},
           {"summary", e.summary}});
    }
    json context = {{"org_id", org.id},
                    {"org_name", org.name},
                    {"entries", rows},
                    {"has_entries", !rows.empty()}};
    if (entries.size() > 50)
      context["next_href"] =
          "/orgs/" + std::to_string(org.id) + "/audit?before=" + std::to_string(entries[49].id);
    return ctx.app.render(
        ctx, "audit/list", context, "Audit trail for " + org.name,
        {{"/", "Home"}, {"/orgs", "Organisations"}, {"/orgs/" + std::to_string(org.id), org.name}});
  });
}

}  // namespace cg::web
