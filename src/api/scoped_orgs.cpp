#include "api/scoped_orgs.h"

namespace cg::api {

namespace {
constexpr int kBatch = 200;
constexpr int kMaxBatches = 20;  // at most 4,000 rows looked at per request
}  // namespace

identity::store::OrgPage orgs_visible_to_token(store::Database& db, const identity::Actor& actor,
                                               const std::string& search, int64_t after_id,
                                               int limit) {
  return db.read([&](store::Connection& c) {
    identity::store::OrgPage out;
    int64_t scanned_to = after_id;
    for (int batch = 0; batch < kMaxBatches; ++batch) {
      auto page = identity::store::visible_orgs(c, actor.person_id, search, scanned_to, kBatch);
      for (auto& org : page.items) {
        if (!identity::allowed(actor, identity::Action::view_org, {org.id, org.path})) {
          scanned_to = org.id;
          continue;
        }
        if (static_cast<int>(out.items.size()) == limit) {
          // One more visible organisation exists: the page is full and another follows.
          out.next_after = out.items.back().id;
          return out;
        }
        scanned_to = org.id;
        out.items.push_back(std::move(org));
      }
      if (page.next_after == 0) return out;  // nothing more anywhere
    }
    out.next_after = scanned_to;  // looked at enough for one request; carry on from here
    return out;
  });
}

}  // namespace cg::api
