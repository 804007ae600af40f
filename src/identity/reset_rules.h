#pragma once
// Rules for self-service password reset requests and links: pure functions over counts and
// times, so the limits can be tested without a database or a clock.
#include <cstdint>

namespace cg::identity {

// What the server does with a well-formed request for a reset link.
enum class ResetOutcome {
  send_link,  // write the reset email
  say_sent,   // show the same confirmation but send nothing (no account, or it had enough)
  refuse,     // too many requests from this client address: 429
};

struct ResetRequestFacts {
  bool account_can_reset = false;     // an enabled person has this email address
  int64_t links_sent_to_account = 0;  // reset emails to that person in the account window
  int64_t requests_from_address = 0;  // earlier requests from this address in its window
};

struct ResetRequestLimits {
  int64_t links_per_account = 3;
  int64_t requests_per_address = 10;
};

// The address limit is checked first and is the only one the requester can see: telling them
// an account had too many links would tell them the account exists.
ResetOutcome reset_request_outcome(const ResetRequestFacts& facts,
                                   const ResetRequestLimits& limits);

struct ResetLinkTimes {
  int64_t expires_at = 0;
  int64_t used_at = 0;     // 0 = not used
  int64_t revoked_at = 0;  // 0 = not replaced by a newer link
};

// A link works once, until it expires, and only while it is the newest one asked for.
bool reset_link_usable(const ResetLinkTimes& link, int64_t now);

}  // namespace cg::identity
