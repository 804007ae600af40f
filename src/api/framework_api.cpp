// The frameworks the server has loaded: the list, and one edition's whole content.
#include "api/representations.h"
#include "api/routes.h"
#include "api/toolkit_representations.h"

namespace cg::api {

using nlohmann::json;

void register_framework_api(web::App& app) {
  const std::string frameworks = std::string(kPrefix) + "/frameworks";

  app.api("GET", frameworks, [](web::Ctx& ctx) {
    const toolkit::Library& library = ctx.app.library();
    const toolkit::Framework* current = toolkit::current_edition(library, ctx.now());
    json items = json::array();
    for (const toolkit::Framework* f : library.all())
      items.push_back(framework_summary_json(*f, f == current));
    return json_response({{"data", items}});
  });

  app.api("GET", frameworks + "/{framework}/{edition}", [](web::Ctx& ctx) {
    const toolkit::Library& library = ctx.app.library();
    const toolkit::Framework* f =
        library.find(ctx.req.param("framework"), ctx.req.param("edition"));
    if (!f)
      throw Error(ErrorCode::not_found, "There is no such framework edition: GET " +
                                            std::string(kPrefix) +
                                            "/frameworks lists those loaded");
    return json_response(framework_json(*f, f == toolkit::current_edition(library, ctx.now())));
  });
}

}  // namespace cg::api
