#include "identity/reset_rules.h"

namespace cg::identity {

ResetOutcome reset_request_outcome(const ResetRequestFacts& facts,
                                   const ResetRequestLimits& limits) {
  if (facts.requests_from_address >= limits.requests_per_address) return ResetOutcome::refuse;
  if (!facts.account_can_reset) return ResetOutcome::say_sent;
  if (facts.links_sent_to_account >= limits.links_per_account) return ResetOutcome::say_sent;
  return ResetOutcome::send_link;
}

bool reset_link_usable(const ResetLinkTimes& link, int64_t now) {
  return link.used_at == 0 && link.revoked_at == 0 && now < link.expires_at;
}

}  // namespace cg::identity
