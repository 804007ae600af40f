// JSON API under /api/v1 (personal API tokens). The handlers live beside this file, one
// group per file; this is the one entry point App calls.
#include "api/routes.h"
#include "web/app.h"

namespace cg::web {

void register_api(App& app) {
  api::register_account_api(app);
  api::register_org_api(app);
  api::register_people_api(app);
  api::register_audit_api(app);
  api::register_framework_api(app);
  api::register_toolkit_api(app);
}

}  // namespace cg::web
