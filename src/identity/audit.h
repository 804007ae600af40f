#pragma once
// The audit trail: an append-only list of every change, each entry chained to the one before
// by a SHA-256 hash, so a changed or deleted entry is detected by verify().
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cg::identity {

struct AuditEntry {
  int64_t id = 0;
  int64_t at = 0;
  int64_t actor_id = 0;  // 0 = the system (command line, migrations)
  int64_t org_id = 0;    // 0 = not about one organisation
  std::string action;    // e.g. "org.create", "person.invite"
  std::string target_type;
  std::string target_id;
  std::string summary;  // JSON: before/after of what changed
  std::string prev_hash;
  std::string hash;
};

// The hash of an entry given the previous entry's hash (pure; used to append and to verify).
std::string audit_hash(const AuditEntry& entry, const std::string& prev_hash);

struct AuditVerification {
  bool ok = true;
  int64_t entries = 0;
  int64_t first_bad_id = 0;
  std::string problem;
};
// Checks a whole trail in id order, and that its last entry matches the recorded head.
AuditVerification verify_chain(const std::vector<AuditEntry>& entries, const std::string& head);

}  // namespace cg::identity
