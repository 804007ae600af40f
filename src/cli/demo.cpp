#include "cli/demo.h"

#include <string>
#include <vector>

#include "identity/portfolio_access.h"
#include "identity/service.h"
#include "identity/store/org_store.h"
#include "oversight/summary.h"
#include "toolkit/scoring/status.h"

namespace cg::cli {

namespace {

constexpr const char* kDemoPassword = "demo kettle orange bicycle";

identity::Actor system_actor() {
  identity::Actor a;
  identity::Membership m;
  m.role = identity::Role::national_admin;
  a.memberships.push_back(m);
  return a;
}

int64_t ensure_org(store::Database& db, int64_t parent_id, const std::string& name,
                   const std::string& type, const std::string& ods, int64_t staff, int64_t people,
                   int64_t now) {
  auto existing =
      db.read([&](store::Connection& c) { return identity::store::find_org_by_code(c, ods); });
  if (existing) return existing->id;
  identity::OrgInput in{name, type, ods, "", std::to_string(staff), std::to_string(people)};
  return identity::create_org(db, system_actor(), parent_id, in, now).id;
}

// Statuses from earlier national lists, so the dashboards have something to show. Sunnyside
// Care Group itself has none: its lead publishes in the demo journey.
void demo_statuses(store::Database& db, int64_t now) {
  struct DemoStatus {
    const char* ods;
    const char* edition;
    const char* status;
    const char* published_on;
    std::vector<std::string> unmet;
    const char* plan_due_on;
  };
  const DemoStatus statuses[] = {
      {"VM1234", "2024-25", "approaching", "2025-06-12", {"7.4"}, "2025-09-30"},
      {"VM1234", "2025-26", "met", "2026-05-14", {}, ""},
      {"VO5678", "2024-25", "not_met", "2025-06-20", {"1.1", "3.2", "7.4"}, "2025-12-01"},
      {"VO5678", "2025-26", "not_met", "2026-06-25", {"3.2", "7.4", "9.5"}, "2026-10-31"},
      {"AH7K9", "2024-25", "met", "2025-04-02", {}, ""},
      {"AH7K9", "2025-26", "approaching", "2026-06-29", {"4.2", "7.2"}, "2026-12-15"},
      {"AB8S3", "2024-25", "not_met", "2025-06-30", {"1.1", "2.1", "3.2", "9.5"}, "2025-12-31"},
  };
  db.transaction([&](store::Connection& c) {
    for (const auto& d : statuses) {
      auto org = identity::store::find_org_by_code(c, d.ods);
      if (!org) continue;
      oversight::StatusRecord r;
      r.org_id = org->id;
      r.edition = d.edition;
      r.status = d.status;
      r.published_on = d.published_on;
      // Counts until the end of the next edition's deadline, as a publication does.
      const int year = std::stoi(std::string(d.edition).substr(0, 4)) + 1;
      r.valid_until = toolkit::publication_valid_until(std::to_string(year) + "-06-30");
      r.unmet_items = d.unmet;
      r.plan_due_on = d.plan_due_on;
      r.source = "import";
      oversight::record_status(c, r, now);  // unchanged when run again
    }
  });
}

}  // namespace

void load_demo(store::Database& db, int64_t now, std::ostream& out) {
  const int64_t england =
      ensure_org(db, 0, "NHS England national cyber team", "national", "X26", 40, 0, now);
  const int64_t region = ensure_org(db, england, "North West", "region", "Y62", 20, 0, now);
  const int64_t ics =
      ensure_org(db, region, "Cheshire and Merseyside ICS", "ics", "QYG", 30, 0, now);
  const int64_t support =
      ensure_org(db, region, "Care Cyber Support North West", "support_org", "DSP01", 6, 0, now);
  const int64_t sunnyside =
      ensure_org(db, ics, "Sunnyside Care Group", "care_home", "AB1C2", 85, 60, now);
  ensure_org(db, sunnyside, "Sunnyside Care Home - Meadow House", "care_home", "VM1234", 45, 32,
             now);
  ensure_org(db, sunnyside, "Sunnyside Care Home - Oak Lodge", "care_home", "VO5678", 40, 28, now);
  const int64_t helping =
      ensure_org(db, ics, "Helping Hands at Home", "home_care", "AH7K9", 120, 210, now);
  ensure_org(db, ics, "Brookside Supported Living", "supported_living", "AB8S3", 25, 12, now);
  // Assigned as the national team would (no request to accept); already there on a second run.
  identity::assign_providers(db, system_actor(), support, "AB1C2\nAH7K9", now);
  (void)helping;
  demo_statuses(db, now);

  struct DemoUser {
    const char* email;
    const char* name;
    int64_t org;
    identity::Role role;
  };
  const DemoUser users[] = {
      {"admin@demo.careguard.test", "Nadia Khan", england, identity::Role::national_admin},
      {"analyst@demo.careguard.test", "Owen Price", ics, identity::Role::analyst},
      {"adviser@demo.careguard.test", "Priya Shah", support, identity::Role::support_adviser},
      {"lead@demo.careguard.test", "Grace Okafor", sunnyside, identity::Role::org_lead},
      {"staff@demo.careguard.test", "Tom Evans", sunnyside, identity::Role::staff},
      {"auditor@demo.careguard.test", "Ruth Allen", sunnyside, identity::Role::auditor},
  };
  out << "Demo sign-ins (password for all: " << kDemoPassword << ")\n";
  for (const auto& u : users) {
    int64_t id = identity::ensure_person(db, u.email, u.name, kDemoPassword, now);
    identity::grant_role(db, 0, id, u.org, u.role, now);
    out << "  " << u.email << "  " << identity::role_label(u.role) << "\n";
  }
  out << "Organisation leads, analysts and national admins set up two-step verification the first "
         "time they sign in.\n";
}

}  // namespace cg::cli
