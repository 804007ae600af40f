#pragma once
#include <string>
#include <vector>

#include "identity/audit.h"
#include "store/database.h"

namespace cg::identity::store {

using cg::store::Connection;

// Appends an entry inside the caller's transaction, so the change and its audit entry commit
// together or not at all. Serialised across servers (advisory lock on PostgreSQL).
AuditEntry append_audit(Connection& c, AuditEntry entry);

// Newest first; ids below `before_id` (0 = from the newest). org_id 0 = every organisation.
std::vector<AuditEntry> audit_entries(Connection& c, int64_t org_id, int64_t before_id, int limit);
std::vector<AuditEntry> all_audit_entries(Connection& c);
std::string audit_head(Connection& c);

}  // namespace cg::identity::store
