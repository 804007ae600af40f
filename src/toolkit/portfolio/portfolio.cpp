#include "toolkit/portfolio/portfolio.h"

#include "core/error.h"
#include "identity/service.h"
#include "identity/store/org_store.h"
#include "toolkit/service.h"
#include "toolkit/store/assessment_store.h"

namespace cg::toolkit::portfolio {

using cg::store::Connection;

PortfolioProgress portfolio_progress(cg::store::Database& db, const Library& library,
                                     const identity::Actor& actor, int64_t support_org_id,
                                     int64_t now) {
  PortfolioProgress out;
  out.support = identity::require_org(db, actor, identity::Action::view_org, support_org_id);
  if (out.support.type != identity::OrgType::support_org)
    throw Error(ErrorCode::not_found, "Page not found");
  auto providers =
      db.read([&](Connection& c) { return identity::store::portfolio_of(c, support_org_id); });
  for (const auto& provider : providers) {
    if (!identity::allowed(actor, identity::Action::view_private, {provider.id, provider.path}))
      continue;
    ProviderRow row;
    row.provider = provider;
    auto assessments =
        db.read([&](Connection& c) { return toolkit::store::assessments_of(c, provider.id); });
    if (!assessments.empty()) {
      // Newest edition first; an edition no longer loaded is shown as not started.
      const auto& newest = assessments.front();
      if (library.find(newest.framework_id, newest.edition)) {
        AssessmentView view = load_assessment(db, library, actor, provider.id, newest.id, now);
        AssessmentProgress a;
        a.id = view.record.id;
        a.edition = view.record.edition;
        a.title = view.framework->title;
        a.progress = progress_of(view);
        a.last_activity = view.record.updated_at;
        row.assessment = a;
      }
    }
    row.status = organisation_status(db, provider.id, now);
    out.providers.push_back(std::move(row));
  }
  return out;
}

}  // namespace cg::toolkit::portfolio
