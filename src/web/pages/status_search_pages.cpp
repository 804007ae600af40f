#include "web/app.h"

namespace cg::web {

void register_status_search_pages(App& app) { (void)app; }

}  // namespace cg::web
