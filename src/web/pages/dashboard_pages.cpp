#include "web/app.h"

namespace cg::web {

void register_dashboard_pages(App& app) { (void)app; }

}  // namespace cg::web
