#pragma once
// A support organisation's portfolio as its advisers see it: for each provider they may read,
// the current assessment, how far it has got, when it last changed and the published status.
#include <optional>
#include <string>
#include <vector>

#include "identity/model.h"
#include "identity/policy.h"
#include "store/database.h"
#include "toolkit/content/loader.h"
#include "toolkit/portfolio/progress.h"
#include "toolkit/scoring/status.h"

namespace cg::toolkit::portfolio {

struct AssessmentProgress {
  int64_t id = 0;
  std::string edition;
  std::string title;
  ProviderProgress progress;
  int64_t last_activity = 0;  // the assessment's updated_at
};

struct ProviderRow {
  identity::Organisation provider;
  std::optional<AssessmentProgress> assessment;  // the newest started, if any
  CurrentStatus status;                          // the published status now
};

struct PortfolioProgress {
  identity::Organisation support;
  std::vector<ProviderRow> providers;  // by name
};

// Not found unless support_org_id is a support organisation the actor may see. Lists only
// providers in its portfolio whose private records the actor may read (the policy decides).
// Loads each provider's assessment in turn: fine for portfolios of tens of providers; a
// summary query will be needed for hundreds.
PortfolioProgress portfolio_progress(cg::store::Database& db, const Library& library,
                                     const identity::Actor& actor, int64_t support_org_id,
                                     int64_t now);

}  // namespace cg::toolkit::portfolio
