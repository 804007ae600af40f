#pragma once
// The organisation list seen through an API token. The repository scopes the list to the
// person in SQL (every organisation any of their roles lets them see); a token acts only
// within the organisation it was made for, so the list is narrowed further to what the
// token's actor may view.
#include <cstdint>
#include <string>

#include "identity/policy.h"
#include "identity/store/org_store.h"
#include "store/database.h"

namespace cg::api {

// Up to `limit` organisations with ids above `after_id`, in id order. `next_after` is the id
// to continue after (0 at the end). To bound the work per request, a page may stop short of
// `limit` when the person can see many organisations the token cannot; clients keep following
// the cursor until it is null.
identity::store::OrgPage orgs_visible_to_token(store::Database& db, const identity::Actor& actor,
                                               const std::string& search, int64_t after_id,
                                               int limit);

}  // namespace cg::api
