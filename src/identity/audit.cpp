#include "identity/audit.h"

#include "core/crypto.h"

namespace cg::identity {

std::string audit_hash(const AuditEntry& e, const std::string& prev_hash) {
  // Length-prefix each field so no two different entries can serialise the same way.
  std::string data;
  auto field = [&data](const std::string& v) {
    data += std::to_string(v.size());
    data.push_back(':');
    data += v;
  };
  field(prev_hash);
  field(std::to_string(e.id));
  field(std::to_string(e.at));
  field(std::to_string(e.actor_id));
  field(std::to_string(e.org_id));
  field(e.action);
  field(e.target_type);
  field(e.target_id);
  field(e.summary);
  return crypto::sha256_hex(data);
}

AuditVerification verify_chain(const std::vector<AuditEntry>& entries, const std::string& head) {
  AuditVerification v;
  std::string prev;
  int64_t last_id = 0;
  for (const auto& e : entries) {
    ++v.entries;
    if (e.id <= last_id) {
      v.ok = false;
      v.first_bad_id = e.id;
      v.problem = "entries are out of order";
      return v;
    }
    if (e.prev_hash != prev) {
      v.ok = false;
      v.first_bad_id = e.id;
      v.problem = "entry does not follow the one before it (an entry was deleted or changed)";
      return v;
    }
    if (audit_hash(e, prev) != e.hash) {
      v.ok = false;
      v.first_bad_id = e.id;
      v.problem = "entry content does not match its hash (the entry was changed)";
      return v;
    }
    prev = e.hash;
    last_id = e.id;
  }
  const std::string expected_head = entries.empty() ? "" : std::to_string(last_id) + ":" + prev;
  if (head != expected_head) {
    v.ok = false;
    v.first_bad_id = last_id;
    v.problem = "the newest entries are missing (the trail ends before its recorded head)";
  }
  return v;
}

}  // namespace cg::identity
