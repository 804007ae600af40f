#pragma once
// Checklists (such as Cyber Essentials readiness) use the same answers, evidence and history as
// the toolkit, but are never published: they help an organisation get ready and keep track.
#include <string>
#include <vector>

#include "toolkit/service.h"

namespace cg::toolkit {

// The newest edition of every checklist in the library.
std::vector<const Framework*> checklists(const Library& library);
// Starts the organisation's checklist (newest edition), or returns the one already started.
int64_t start_checklist(Database& db, const Library& library, const identity::Actor& actor,
                        int64_t org_id, const std::string& framework_id, int64_t now);

struct ChecklistProgress {
  int applicable = 0;
  int answered = 0;
  int in_place = 0;  // answered and met
};
ChecklistProgress checklist_progress(const AssessmentView& view);

}  // namespace cg::toolkit
