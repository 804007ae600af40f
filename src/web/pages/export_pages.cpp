// Exports in OSCAL JSON: a framework as a catalog (public, as frameworks are public content),
// and a published assessment as an assessment plan and assessment results (the organisation's
// own, like the assessment itself); and the list of an assessment's publications linking them.
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "identity/service.h"
#include "toolkit/export/oscal.h"
#include "toolkit/scoring/status.h"
#include "toolkit/service.h"
#include "web/app.h"

namespace cg::web {

using http::Access;
using http::Response;
using identity::Action;
using nlohmann::json;

namespace {

// Care providers are expected to reach the baseline profile of the CAF.
constexpr const char* kCafProfile = "health-care-baseline";

std::string toolkit_base(int64_t org_id, int64_t assessment_id) {
  return "/orgs/" + std::to_string(org_id) + "/toolkit/" + std::to_string(assessment_id);
}

std::string publication_base(int64_t org_id, int64_t assessment_id, int64_t publication_id) {
  return toolkit_base(org_id, assessment_id) + "/publications/" + std::to_string(publication_id) +
         "/oscal";
}

std::string catalog_path(const std::string& framework, const std::string& edition) {
  return "/frameworks/" + framework + "/" + edition + "/oscal/catalog.json";
}

// Letters, digits, dots and hyphens only, so the name is safe in a Content-Disposition header.
std::string file_part(const std::string& s) {
  std::string out;
  for (char ch : s)
    out.push_back(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' ? ch
                                                                                         : '-');
  return out;
}

Response download(const json& document, const std::string& filename) {
  Response r = Response::json(document.dump(2) + "\n");
  r.headers["Content-Disposition"] = "attachment; filename=\"" + filename + "\"";
  return r;
}

const toolkit::Framework* toolkit_of(const App& app, const toolkit::store::PublicationRecord& p) {
  const toolkit::Framework* f = app.library().find(p.framework_id, p.edition);
  if (!f) throw Error(ErrorCode::not_found, "This edition of the toolkit is no longer available");
  return f;
}

struct Published {
  identity::Organisation org;
  toolkit::store::PublicationRecord publication;
  const toolkit::Framework* toolkit = nullptr;
};

// The publication named in the path, which must be of that organisation and assessment; the
// person must be allowed to see the organisation's private data. Anything else is not found.
Published published(Ctx& ctx) {
  Published out;
  out.org =
      identity::require_org(ctx.app.db(), ctx.actor, Action::view_private, ctx.req.param_id("id"));
  const int64_t assessment_id = ctx.req.param_id("assessment");
  const int64_t publication_id = ctx.req.param_id("publication");
  auto list = ctx.app.db().read(
      [&](store::Connection& c) { return toolkit::store::publications_of(c, out.org.id); });
  bool found = false;
  for (auto& p : list)
    if (p.id == publication_id && p.assessment_id == assessment_id && p.org_id == out.org.id) {
      out.publication = std::move(p);
      found = true;
    }
  if (!found) throw Error(ErrorCode::not_found, "Page not found");
  out.toolkit = toolkit_of(ctx.app, out.publication);
  return out;
}

toolkit::oscal::Organisation oscal_org(const identity::Organisation& org) {
  return {org.id, org.name, org.ods_code};
}

// The crosswalk from this toolkit edition to a CAF, if the library has one.
const toolkit::Framework* crosswalk_for(const App& app, const toolkit::Framework& toolkit) {
  for (const toolkit::Framework* f : app.library().all())
    if (f->kind == toolkit::FrameworkKind::crosswalk && f->source.framework == toolkit.id &&
        f->source.edition == toolkit.edition)
      return f;
  return nullptr;
}

toolkit::oscal::Links links_for(const App& app, const Published& p, const toolkit::Framework* caf) {
  const std::string base = app.config().public_base_url();
  toolkit::oscal::Links links;
  links.toolkit_catalog = base + catalog_path(p.toolkit->id, p.toolkit->edition);
  if (caf) links.caf_catalog = base + catalog_path(caf->id, caf->edition);
  links.assessment_plan =
      base + publication_base(p.org.id, p.publication.assessment_id, p.publication.id) +
      "/assessment-plan.json";
  return links;
}

std::string download_name(const Published& p, const std::string& what) {
  const std::string who = p.org.ods_code.empty() ? std::to_string(p.org.id) : p.org.ods_code;
  return file_part("careguard-" + who + "-" + p.toolkit->edition + "-publication-" +
                   std::to_string(p.publication.id) + "-" + what) +
         ".json";
}

// When the framework's file last changed, as the catalog's last-modified; now if unknown.
int64_t modified_at(const toolkit::Framework& f, int64_t now) {
  struct stat st {};
  if (!f.file.empty() && ::stat(f.file.c_str(), &st) == 0) return static_cast<int64_t>(st.st_mtime);
  return now;
}

}  // namespace

void register_export_pages(App& app) {
  // Frameworks are public content: anyone may download them as OSCAL catalogs.
  app.page("GET", "/frameworks/{framework}/{edition}/oscal/catalog.json", Access::public_page,
           [](Ctx& ctx) {
             const toolkit::Framework* f =
                 ctx.app.library().find(ctx.req.param("framework"), ctx.req.param("edition"));
             if (!f || f->kind == toolkit::FrameworkKind::crosswalk)
               throw Error(ErrorCode::not_found, "Page not found");
             return download(toolkit::oscal::catalog(*f, modified_at(*f, ctx.now())),
                             file_part(f->id + "-" + f->edition + "-oscal-catalog") + ".json");
           });

  app.page("GET", "/orgs/{id}/toolkit/{assessment}/publications", Access::signed_in, [](Ctx& ctx) {
    auto v =
        toolkit::load_assessment(ctx.app.db(), ctx.app.library(), ctx.actor, ctx.req.param_id("id"),
                                 ctx.req.param_id("assessment"), ctx.now());
    auto list = ctx.app.db().read(
        [&](store::Connection& c) { return toolkit::store::publications_of(c, v.org.id); });
    json rows = json::array();
    for (const auto& p : list) {
      if (p.assessment_id != v.record.id) continue;
      toolkit::Status status = toolkit::Status::not_met;
      for (toolkit::Status s : {toolkit::Status::not_met, toolkit::Status::approaching,
                                toolkit::Status::met, toolkit::Status::exceeded})
        if (p.status == toolkit::to_string(s)) status = s;
      const std::string base = publication_base(v.org.id, v.record.id, p.id);
      rows.push_back(
          {{"published_on", clock::human_date(p.published_at)},
           {"published_at", clock::iso8601(p.published_at)},
           {"time", clock::iso8601(p.published_at).substr(11, 5) + " UTC"},
           {"status", toolkit::status_label(status)},
           {"met", status == toolkit::Status::met || status == toolkit::Status::exceeded},
           {"results_href", base + "/assessment-results.json"},
           {"plan_href", base + "/assessment-plan.json"},
           {"review_href", toolkit_base(v.org.id, v.record.id) + "/publications/" +
                               std::to_string(p.id) + "/review"},
           {"summary_href", toolkit_base(v.org.id, v.record.id) + "/publications/" +
                                std::to_string(p.id) + "/summary"}});
    }
    json context = {{"org_name", v.org.name},
                    {"title", v.framework->title},
                    {"rows", rows},
                    {"has_rows", !rows.empty()},
                    {"assessment_href", toolkit_base(v.org.id, v.record.id)},
                    {"catalog_href", catalog_path(v.framework->id, v.framework->edition)}};
    std::vector<Breadcrumb> crumbs = {
        {"/", "Home"},
        {"/orgs/" + std::to_string(v.org.id), v.org.name},
        {"/orgs/" + std::to_string(v.org.id) + "/toolkit", "Data security toolkit"},
        {toolkit_base(v.org.id, v.record.id), v.framework->title}};
    return ctx.app.render(ctx, "toolkit/publications", std::move(context), "Publications", crumbs);
  });

  app.page(
      "GET",
      "/orgs/{id}/toolkit/{assessment}/publications/{publication}/oscal/"
      "assessment-plan.json",
      Access::signed_in, [](Ctx& ctx) {
        Published p = published(ctx);
        const toolkit::Framework* walk = crosswalk_for(ctx.app, *p.toolkit);
        const toolkit::Framework* caf =
            walk ? ctx.app.library().find(walk->target.framework, walk->target.edition) : nullptr;
        return download(toolkit::oscal::assessment_plan(p.publication, *p.toolkit, oscal_org(p.org),
                                                        links_for(ctx.app, p, caf)),
                        download_name(p, "assessment-plan"));
      });

  app.page(
      "GET",
      "/orgs/{id}/toolkit/{assessment}/publications/{publication}/oscal/assessment-results.json",
      Access::signed_in, [](Ctx& ctx) {
        Published p = published(ctx);
        json snapshot = json::parse(p.publication.snapshot, nullptr, false);
        if (snapshot.is_discarded()) throw Error(ErrorCode::internal, "The snapshot is unreadable");
        toolkit::oscal::CafProjection projection;
        const toolkit::Framework* walk = crosswalk_for(ctx.app, *p.toolkit);
        const toolkit::Framework* caf =
            walk ? ctx.app.library().find(walk->target.framework, walk->target.edition) : nullptr;
        if (walk && caf) {
          const toolkit::Profile* profile = nullptr;
          for (const auto& pr : caf->profiles)
            if (pr.id == kCafProfile) profile = &pr;
          projection = toolkit::oscal::project_snapshot(snapshot, *caf, *walk, profile);
        }
        return download(toolkit::oscal::assessment_results(p.publication, snapshot, *p.toolkit,
                                                           oscal_org(p.org), projection,
                                                           links_for(ctx.app, p, projection.caf)),
                        download_name(p, "assessment-results"));
      });
}

}  // namespace cg::web
