#include "web/app.h"

namespace cg::web {

void register_import_pages(App& app) { (void)app; }

}  // namespace cg::web
