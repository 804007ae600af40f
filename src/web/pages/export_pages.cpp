// Exports of a published assessment (OSCAL JSON). Filled in by the export module.
#include "web/app.h"

namespace cg::web {

void register_export_pages(App&) {}

}  // namespace cg::web
