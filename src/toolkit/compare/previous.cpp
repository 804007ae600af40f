#include "toolkit/compare/compare.h"

namespace cg::toolkit {

std::optional<AssessmentView> previous_assessment(Database& db, const Library& library,
                                                  const identity::Actor& actor,
                                                  const AssessmentView& current, int64_t now) {
  int64_t previous_id = current.record.copied_from;
  if (previous_id == 0 && !current.framework->previous_edition.empty()) {
    auto found = db.read([&](store::Connection& c) {
      return store::find_assessment_for(c, current.org.id, current.framework->id,
                                        current.framework->previous_edition);
    });
    if (found) previous_id = found->id;
  }
  if (previous_id == 0) return std::nullopt;
  return load_assessment(db, library, actor, current.org.id, previous_id, now);
}

}  // namespace cg::toolkit
