#pragma once
// When a session ends: after a spell of no use (idle) or a fixed time after sign-in
// (absolute), whichever comes first; and when the idle timer is worth refreshing.
#include <cstdint>

namespace cg::identity {

struct SessionTimes {
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
};

bool session_expired(const SessionTimes& s, int64_t now, int64_t idle_seconds,
                     int64_t absolute_seconds);
// Refreshing last_seen_at costs a write; once a minute is precise enough for the idle timeout.
bool session_needs_touch(const SessionTimes& s, int64_t now);

}  // namespace cg::identity
