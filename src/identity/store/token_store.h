#pragma once
// Personal API tokens: stored only as a hash, scoped to one person and one organisation.
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace cg::identity::store {

using cg::store::Connection;

struct ApiToken {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t org_id = 0;
  std::string org_name;
  std::string name;
  std::string token_hash;
  std::string prefix;  // first characters, shown so people can tell tokens apart
  int64_t created_at = 0;
  int64_t last_used_at = 0;
  int64_t revoked_at = 0;
};

void insert_token(Connection& c, ApiToken& t);
std::optional<ApiToken> find_active_token(Connection& c, const std::string& token_hash);
std::vector<ApiToken> tokens_of(Connection& c, int64_t person_id);
bool revoke_token(Connection& c, int64_t person_id, int64_t token_id, int64_t now);
// Revokes every live token of the person; returns how many there were.
int64_t revoke_tokens_of(Connection& c, int64_t person_id, int64_t now);
void touch_token(Connection& c, int64_t token_id, int64_t now);

}  // namespace cg::identity::store
