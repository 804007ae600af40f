#include "toolkit/scoring/caf.h"

#include <algorithm>

namespace cg::toolkit {

int level_rank(CafLevel level) {
  switch (level) {
    case CafLevel::not_achieved:
      return 0;
    case CafLevel::partially_achieved:
      return 1;
    case CafLevel::achieved:
      return 2;
  }
  return 0;
}

CafLevel derive_level(const Outcome& outcome, const std::set<std::string>& true_indicators) {
  auto all_true = [&](CafLevel column) {
    bool any = false;
    for (const auto& i : outcome.indicators) {
      if (i.column != column) continue;
      any = true;
      if (!true_indicators.count(i.id)) return false;
    }
    return any;
  };
  for (const auto& i : outcome.indicators)
    if (i.column == CafLevel::not_achieved && true_indicators.count(i.id))
      return CafLevel::not_achieved;
  if (all_true(CafLevel::achieved)) return CafLevel::achieved;
  const bool has_partial = std::find(outcome.levels.begin(), outcome.levels.end(),
                                     CafLevel::partially_achieved) != outcome.levels.end();
  if (has_partial && all_true(CafLevel::partially_achieved)) return CafLevel::partially_achieved;
  return CafLevel::not_achieved;
}

std::vector<ProfileGap> compare_with_profile(const Profile& profile,
                                             const std::map<std::string, CafLevel>& reached) {
  std::vector<ProfileGap> out;
  for (const auto& [outcome, expected] : profile.expected) {
    auto it = reached.find(outcome);
    out.push_back({outcome, expected, it == reached.end() ? CafLevel::not_achieved : it->second});
  }
  return out;
}

std::vector<ProjectedOutcome> project_through_crosswalk(const Framework& caf,
                                                        const Framework& crosswalk,
                                                        const std::set<std::string>& met_items) {
  std::vector<ProjectedOutcome> out;
  for (const Outcome* o : caf.all_outcomes()) {
    ProjectedOutcome p;
    p.outcome_id = o->id;
    for (const auto& m : crosswalk.mappings) {
      if (m.target != o->id) continue;
      p.covered = true;
      if (!met_items.count(m.source)) {
        p.unmet_items.push_back(m.source);
        continue;
      }
      p.supporting_items.push_back(m.source);
      if (!p.supported || level_rank(m.supports) > level_rank(*p.supported))
        p.supported = m.supports;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace cg::toolkit
