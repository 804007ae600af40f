#include "identity/session_rules.h"

namespace cg::identity {

bool session_expired(const SessionTimes& s, int64_t now, int64_t idle_seconds,
                     int64_t absolute_seconds) {
  return now - s.last_seen_at >= idle_seconds || now - s.created_at >= absolute_seconds;
}

bool session_needs_touch(const SessionTimes& s, int64_t now) { return now - s.last_seen_at >= 60; }

}  // namespace cg::identity
