// An organisation's audit trail, newest first, a page at a time.
#include <map>

#include "api/pagination.h"
#include "api/representations.h"
#include "api/routes.h"
#include "identity/service.h"
#include "identity/store/audit_store.h"
#include "identity/store/people_store.h"

namespace cg::api {

using nlohmann::json;

void register_audit_api(web::App& app) {
  app.api("GET", std::string(kPrefix) + "/orgs/{id}/audit", [](web::Ctx& ctx) {
    auto org = identity::require_org(ctx.app.db(), ctx.actor, identity::Action::view_audit,
                                     ctx.req.param_id("id"));
    const int limit = page_limit(ctx.req);
    const int64_t before = page_cursor(ctx.req, "audit");
    auto [entries, names] = ctx.app.db().read([&](store::Connection& c) {
      auto list = identity::store::audit_entries(c, org.id, before, limit + 1);
      std::map<int64_t, std::string> people;
      for (const auto& e : list)
        if (e.actor_id && !people.count(e.actor_id))
          if (auto p = identity::store::find_person(c, e.actor_id)) people[e.actor_id] = p->name;
      return std::make_pair(std::move(list), std::move(people));
    });
    int64_t next = 0;
    if (static_cast<int>(entries.size()) > limit) {
      entries.resize(limit);
      next = entries.back().id;
    }
    json items = json::array();
    for (const auto& e : entries) {
      auto name = names.find(e.actor_id);
      items.push_back(audit_entry_json(e, name == names.end() ? "" : name->second));
    }
    return json_response(page_json(std::move(items), "audit", next));
  });
}

}  // namespace cg::api
