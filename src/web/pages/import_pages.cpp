// Uploading a published status list (national admins only). The list is applied at once and
// the page shows what changed and which rows could not be used, with their line numbers.
#include <nlohmann/json.hpp>

#include "core/utf8.h"
#include "http/form.h"
#include "identity/service.h"
#include "identity/store/org_store.h"
#include "oversight/import/importer.h"
#include "web/app.h"

namespace cg::web {

using http::Access;
using http::Response;
using nlohmann::json;

namespace {

constexpr size_t kProblemsShown = 100;
constexpr const char* kTitle = "Import a published status list";

// The national organisation, once the actor is allowed to import statuses for it.
identity::Organisation national_for(Ctx& ctx) {
  auto national =
      ctx.app.db().read([](store::Connection& c) { return identity::store::find_national(c); });
  if (!national) throw Error(ErrorCode::not_found, "Page not found");
  identity::require(ctx.actor, identity::Action::import_statuses, *national);
  return *national;
}

std::vector<Breadcrumb> crumbs() { return {{"/", "Home"}}; }

Response form_error(Ctx& ctx, const std::string& message) {
  json context = {{"error_status_file", message}};
  return ctx.app.render_form_error(ctx, "import/statuses", std::move(context), kTitle,
                                   {{"status_file", message}}, crumbs());
}

}  // namespace

void register_import_pages(App& app) {
  app.page("GET", "/import/statuses", Access::signed_in, [](Ctx& ctx) {
    national_for(ctx);
    return ctx.app.render(ctx, "import/statuses", json::object(), kTitle, crumbs());
  });

  app.page("POST", "/import/statuses", Access::signed_in, [](Ctx& ctx) {
    national_for(ctx);
    std::string file_name, bytes;
    const std::string type = ctx.req.header("Content-Type");
    if (type.rfind("multipart/form-data", 0) == 0)
      for (auto& part : http::parse_multipart(ctx.req.body, type))
        if (part.name == "status_file") {
          file_name = part.filename;
          bytes = std::move(part.data);
        }
    if (bytes.empty())
      return form_error(
          ctx, file_name.empty() ? "Choose a CSV file to import" : "The chosen file is empty");
    // The name is shown on the result page and kept in the audit trail as JSON, which cannot
    // hold bytes that are not UTF-8 text.
    if (!is_utf8_text(file_name))
      return form_error(ctx,
                        "The file's name has characters that could not be read. Rename the file "
                        "and choose it again");
    oversight::import::ImportOptions options;
    options.source_name = file_name.empty() ? "upload.csv" : file_name;
    options.deadlines = oversight::import::deadlines_from(ctx.app.library());
    oversight::import::ImportSummary summary;
    try {
      summary =
          oversight::import::import_status_list(ctx.app.db(), ctx.actor, bytes, options, ctx.now());
    } catch (const Error& e) {
      if (e.code() != ErrorCode::validation) throw;
      return form_error(ctx, e.what());
    }
    json problems = json::array();
    for (size_t i = 0; i < summary.problems.size() && i < kProblemsShown; ++i) {
      const auto& p = summary.problems[i];
      problems.push_back({{"line", p.line}, {"code", p.code}, {"reason", p.reason}});
    }
    json context = {{"file_name", options.source_name},
                    {"rows", summary.rows},
                    {"created", summary.created},
                    {"updated", summary.updated},
                    {"unchanged", summary.unchanged},
                    {"skipped", summary.skipped},
                    {"problems", problems},
                    {"has_problems", !summary.problems.empty()},
                    {"more_problems", summary.problems.size() > kProblemsShown},
                    {"problems_shown", std::min(summary.problems.size(), kProblemsShown)}};
    return ctx.app.render(ctx, "import/result", std::move(context), "Status list imported",
                          crumbs());
  });
}

}  // namespace cg::web
