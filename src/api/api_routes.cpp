// JSON API under /api/v1 (personal API tokens). Placeholder registration is filled in by
// api modules; see src/api/.
#include "web/app.h"

namespace cg::web {

void register_api(App&) {}

}  // namespace cg::web
