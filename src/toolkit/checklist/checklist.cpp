#include "toolkit/checklist/checklist.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "identity/service.h"
#include "identity/store/audit_store.h"

namespace cg::toolkit {

std::vector<const Framework*> checklists(const Library& library) {
  std::vector<const Framework*> out;
  for (const Framework* f : library.all()) {
    if (f->kind != FrameworkKind::checklist) continue;
    auto editions = library.editions(f->id);
    if (!editions.empty() && editions.back() == f) out.push_back(f);
  }
  return out;
}

int64_t start_checklist(Database& db, const Library& library, const identity::Actor& actor,
                        int64_t org_id, const std::string& framework_id, int64_t now) {
  auto org = identity::require_org(db, actor, identity::Action::edit_private, org_id);
  const Framework* checklist = nullptr;
  for (const Framework* f : checklists(library))
    if (f->id == framework_id) checklist = f;
  if (!checklist) throw Error(ErrorCode::not_found, "Page not found");
  if (!identity::is_provider_type(org.type))
    throw Error(ErrorCode::validation, "Only care providers use the checklists",
                {{"checklist", "Only care providers use the checklists"}});
  return db.transaction([&](store::Connection& c) {
    if (auto existing = store::find_assessment_for(c, org_id, checklist->id, checklist->edition))
      return existing->id;
    store::AssessmentRecord a;
    a.org_id = org_id;
    a.framework_id = checklist->id;
    a.edition = checklist->edition;
    a.created_at = a.updated_at = now;
    store::insert_assessment(c, a);
    identity::AuditEntry e;
    e.at = now;
    e.actor_id = actor.person_id;
    e.org_id = org_id;
    e.action = "checklist.start";
    e.target_type = "assessment";
    e.target_id = std::to_string(a.id);
    e.summary = nlohmann::json{{"framework", a.framework_id}, {"edition", a.edition}}.dump();
    identity::store::append_audit(c, std::move(e));
    return a.id;
  });
}

ChecklistProgress checklist_progress(const AssessmentView& view) {
  ChecklistProgress p;
  for (const auto& g : view.groups)
    for (const auto& i : g.items) {
      if (!i.applies) continue;
      ++p.applicable;
      if (i.answered) ++p.answered;
      if (i.answered && i.met) ++p.in_place;
    }
  return p;
}

}  // namespace cg::toolkit
