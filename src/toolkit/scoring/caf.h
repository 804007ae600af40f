#pragma once
// CAF outcomes: the level an outcome reaches from which of its indicators are true, how that
// compares with a profile, and what a toolkit assessment says in CAF terms through a crosswalk.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "toolkit/model/framework.h"

namespace cg::toolkit {

// Not achieved if any not-achieved indicator is true; achieved if every achieved indicator is
// true; partially achieved if the outcome has that level and all its indicators are true;
// otherwise not achieved.
CafLevel derive_level(const Outcome& outcome, const std::set<std::string>& true_indicators);

int level_rank(CafLevel level);

struct ProfileGap {
  std::string outcome_id;
  CafLevel expected = CafLevel::achieved;
  CafLevel reached = CafLevel::not_achieved;
  bool meets() const { return level_rank(reached) >= level_rank(expected); }
};
std::vector<ProfileGap> compare_with_profile(const Profile& profile,
                                             const std::map<std::string, CafLevel>& reached);

struct ProjectedOutcome {
  std::string outcome_id;
  bool covered = false;               // some toolkit item maps to it
  std::optional<CafLevel> supported;  // the highest level the met items support
  std::vector<std::string> supporting_items;
  std::vector<std::string> unmet_items;  // mapped items not yet met
};
// A toolkit assessment "in CAF terms": for every CAF outcome, the level the met toolkit items
// support (nothing where no item maps, so gaps in what the toolkit can speak to are visible).
std::vector<ProjectedOutcome> project_through_crosswalk(const Framework& caf,
                                                        const Framework& crosswalk,
                                                        const std::set<std::string>& met_items);

}  // namespace cg::toolkit
