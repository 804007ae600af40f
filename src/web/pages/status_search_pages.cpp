// The public status search: anyone, signed in or not, can find an organisation by name, ODS
// code or CQC location ID and see its current data security status, or download every
// organisation's status as CSV in the published list's layout.
#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "http/form.h"
#include "oversight/public_status.h"
#include "oversight/status_search_store.h"
#include "toolkit/scoring/london_time.h"
#include "web/app.h"

namespace cg::web {

using http::Access;
using http::Response;
using nlohmann::json;

namespace {

constexpr int kPerPage = 20;
constexpr int kMaxPage = 100000;
constexpr size_t kMaxQuery = 100;

std::string trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// The page asked for: 1 when not given; a clear error for anything but a whole number in range.
int page_number(const std::string& raw) {
  if (raw.empty()) return 1;
  const bool digits = raw.size() <= 6 && raw.find_first_not_of("0123456789") == std::string::npos;
  const int page = digits ? std::stoi(raw) : 0;
  if (page < 1 || page > kMaxPage)
    throw Error(ErrorCode::bad_request,
                "The page number must be a whole number from 1 to " + std::to_string(kMaxPage));
  return page;
}

std::string search_href(const std::string& q, int page) {
  std::string href = "/status?";
  if (!q.empty()) href += "q=" + http::percent_encode(q) + "&";
  return href + "page=" + std::to_string(page);
}

json hit_json(const oversight::search::StatusHit& h) {
  // Field by field: a brace list first builds a two-element array per field, and a page
  // has up to kPerPage of these.
  json j = json::object();
  j["href"] = "/orgs/" + std::to_string(h.id) + "/status";
  j["name"] = h.name;
  j["code"] = h.ods_code.empty() ? h.cqc_location_id : h.ods_code;
  j["status"] = oversight::public_status_text(h.edition, h.status);
  j["published"] = !h.edition.empty();
  if (!h.edition.empty()) {
    j["year"] = h.edition;
    j["published_on"] = oversight::human_day(h.published_on);
  }
  return j;
}

}  // namespace

void register_status_search_pages(App& app) {
  app.page("GET", "/status", Access::public_page, [](Ctx& ctx) {
    std::string q = trimmed(ctx.req.query_value("q"));
    if (q.size() > kMaxQuery)
      throw Error(ErrorCode::bad_request,
                  "The search must be " + std::to_string(kMaxQuery) + " characters or fewer");
    const int page = page_number(ctx.req.query_value("page"));
    auto hits = ctx.app.db().read([&](store::Connection& c) {
      return oversight::search::search_statuses(c, q, page, kPerPage, ctx.now(),
                                                &ctx.app.search_names());
    });
    json results = json::array();
    for (const auto& h : hits.items) results.push_back(hit_json(h));
    const int first = (page - 1) * kPerPage + 1;
    const bool any = !results.empty();
    const int shown = static_cast<int>(results.size());
    json context = {{"q", q},
                    {"searched", !q.empty()},
                    {"results", std::move(results)},
                    {"has_results", any},
                    {"beyond_end", !any && page > 1},
                    {"first_href", search_href(q, 1)},
                    {"page", page},
                    {"from", first},
                    {"to", first + shown - 1},
                    {"today", oversight::human_day(toolkit::london_date(ctx.now()))}};
    if (page > 1 && any) context["previous_href"] = search_href(q, page - 1);
    if (hits.more) context["next_href"] = search_href(q, page + 1);
    if (page > 1 && any) context["previous_page"] = page - 1;
    if (hits.more) context["next_page"] = page + 1;
    std::string title =
        q.empty() ? "Data security status of organisations" : "Search results for " + q;
    if (page > 1) title += " (page " + std::to_string(page) + ")";
    return ctx.app.render(ctx, "status/search", std::move(context), title);
  });

  app.page("GET", "/status.csv", Access::public_page, [](Ctx& ctx) {
    std::string body;
    body.reserve(8 * 1024 * 1024);
    body += csv::row({"Code", "Organisation Name", "Status", "Date Of Publication",
                      "Primary Sector", "Integrated Care Board"});
    ctx.app.db().read([&](store::Connection& c) {
      oversight::search::each_status(c, ctx.now(), [&](const oversight::search::StatusHit& h) {
        body +=
            csv::row({h.ods_code.empty() ? h.cqc_location_id : h.ods_code, h.name,
                      oversight::public_status_text(h.edition, h.status),
                      oversight::day_month_year(h.published_on), oversight::primary_sector(h.type),
                      h.board.empty() ? std::string() : oversight::board_name(h.board)});
      });
    });
    Response r = Response::text(std::move(body), 200, "text/csv; charset=utf-8");
    r.headers["Content-Disposition"] =
        "attachment; filename=\"data-security-status-" + toolkit::london_date(ctx.now()) + ".csv\"";
    r.headers["Cache-Control"] = "public, max-age=300";
    return r;
  });
}

}  // namespace cg::web
