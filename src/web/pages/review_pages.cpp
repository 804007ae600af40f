// Independent review of a published assessment (filled in by the review module).
#include "web/app.h"

namespace cg::web {

void register_review_pages(App&) {}

}  // namespace cg::web
