// Support advisers' portfolio progress and comments (filled in by the portfolio module).
#include "web/app.h"

namespace cg::web {

void register_portfolio_pages(App&) {}

}  // namespace cg::web
