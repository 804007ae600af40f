// Oversight dashboards: the national team's, a region's or an ICS's figures (from the counters
// of oversight/summary.h, whatever the number of organisations) and a support organisation's
// portfolio; their CSV and XLSX downloads; and an organisation's status history.
//
//   GET /dashboard                       to the dashboard of the area the person oversees
//   GET /orgs/{id}/dashboard             national, region, ICS or support organisation
//   GET /orgs/{id}/dashboard.csv|.xlsx   the same figures (and the organisation table)
//   GET /orgs/{id}/status-history        an organisation's status in each edition
//
// Filters live in the query string so a view can be shared: edition, by (the breakdown shown),
// and for regions and ICSs the organisation table's status, type, size, name, sort, dir and
// page. A value that is not one of those offered is refused with 400 and says why.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "core/clock.h"
#include "http/form.h"
#include "identity/service.h"
#include "identity/store/org_store.h"
#include "oversight/dashboard.h"
#include "oversight/dashboard_export.h"
#include "oversight/dashboard_store.h"
#include "oversight/portfolio_cache.h"
#include "oversight/summary.h"
#include "toolkit/scoring/london_time.h"
#include "toolkit/service.h"
#include "web/app.h"

namespace cg::web {

using http::Access;
using http::Response;
using identity::Action;
using identity::OrgType;
using nlohmann::json;
using oversight::AreaKind;

namespace {

std::string org_href(int64_t id) { return "/orgs/" + std::to_string(id); }
std::string dashboard_href(int64_t id) { return org_href(id) + "/dashboard"; }

// The colour of a status's tag.
const char* status_tag(const std::string& status) {
  const int i = oversight::status_index(status);
  return i >= 3   ? "nhsuk-tag--green"
         : i == 2 ? "nhsuk-tag--yellow"
         : i == 1 ? "nhsuk-tag--red"
                  : "nhsuk-tag--grey";
}

AreaKind area_kind(OrgType type) {
  if (type == OrgType::region) return AreaKind::region;
  if (type == OrgType::ics) return AreaKind::ics;
  return AreaKind::nation;
}

// The organisation whose dashboard is asked for: not found when the person may not see it or
// it has no dashboard; forbidden when they may see it but not its figures.
identity::Organisation dashboard_org(Ctx& ctx, int64_t version) {
  auto org = identity::require_found_org(
      ctx.actor, Action::view_org,
      ctx.app.area_orgs().get(ctx.app.db(), ctx.req.param_id("id"), version));
  if (!oversight::has_dashboard(org.type)) throw Error(ErrorCode::not_found, "Page not found");
  identity::require(ctx.actor, Action::view_dashboard, org);
  return org;
}

// oversight_version, which every kept part of a dashboard is checked against: as read with the
// session, or read now for a request without one. Read before anything it stamps.
int64_t dashboard_version(Ctx& ctx) {
  if (ctx.oversight_version) return *ctx.oversight_version;
  return ctx.app.db().read([](store::Connection& c) { return oversight::oversight_version(c); });
}

const char* dashboard_title(OrgType type) {
  switch (type) {
    case OrgType::national:
      return "National dashboard";
    case OrgType::region:
      return "Regional dashboard";
    case OrgType::ics:
      return "ICS dashboard";
    default:
      return "Support organisation dashboard";
  }
}

// ---------------------------------------------------------------------------------------------
// Filters

struct Option {
  std::string value;
  std::string label;
};

struct Filters {
  std::string edition;
  std::string by = "group";
  oversight::OrgTableQuery table;
};

std::vector<Option> breakdown_options(AreaKind kind) {
  std::vector<Option> out = {{"group", "Organisation group"}, {"type", "Organisation type"}};
  if (kind == AreaKind::nation) out.push_back({"region", "Region"});
  if (kind != AreaKind::ics) out.push_back({"ics", "Integrated care system"});
  out.push_back({"size", "Size"});
  return out;
}

// The choices below never change: made once, not on every request.
const std::vector<Option>& status_options() {
  static const std::vector<Option> options = [] {
    std::vector<Option> out;
    for (const char* s : oversight::kDashboardStatuses)
      out.push_back({s, oversight::dashboard_status_label(s)});
    return out;
  }();
  return options;
}

const std::vector<Option>& type_options() {
  static const std::vector<Option> options = [] {
    std::vector<Option> out;
    for (OrgType t : identity::kAllOrgTypes)
      if (oversight::counted(t))
        out.push_back({identity::to_string(t), identity::org_type_label(t)});
    return out;
  }();
  return options;
}

const std::vector<Option>& size_options() {
  static const std::vector<Option> options = [] {
    std::vector<Option> out;
    for (const char* band : oversight::kSizeBands)
      out.push_back({band, oversight::size_label(band)});
    return out;
  }();
  return options;
}

const std::vector<Option>& sort_options() {
  static const std::vector<Option> options = {
      {"name", "Name"},     {"type", "Type"},           {"size", "Size"},
      {"status", "Status"}, {"published", "Published"}, {"expires", "Counts until"}};
  return options;
}

bool offered(const std::vector<Option>& options, const std::string& value) {
  for (const auto& o : options)
    if (o.value == value) return true;
  return false;
}

std::string list_of(const std::vector<Option>& options) {
  std::string out;
  for (size_t i = 0; i < options.size(); ++i)
    out += (i ? (i + 1 == options.size() ? " or " : ", ") : "") + options[i].value;
  return out;
}

// Editions to choose from: those with figures, and the one open now; newest first.
std::vector<std::string> edition_choices(const std::vector<oversight::Counter>& counters,
                                         const std::string& current) {
  auto editions = oversight::editions_in(counters);
  if (!current.empty() && std::find(editions.begin(), editions.end(), current) == editions.end())
    editions.push_back(current);
  std::sort(editions.rbegin(), editions.rend());
  return editions;
}

// A query string value; surrounding spaces from a pasted link are not a reason to refuse it.
std::string filter_value(const http::Request& req, const char* name) {
  std::string v = req.query_value(name);
  while (!v.empty() && v.back() == ' ') v.pop_back();
  while (!v.empty() && v.front() == ' ') v.erase(v.begin());
  return v;
}

// A table page number from 1 ("" is the first page).
int64_t read_page(const std::string& page, std::vector<std::string>& problems) {
  if (page.empty()) return 1;
  const bool digits = page.size() <= 6 && std::all_of(page.begin(), page.end(), [](char ch) {
                        return ch >= '0' && ch <= '9';
                      });
  if (digits && std::stoll(page) >= 1) return std::stoll(page);
  problems.push_back("The page must be a whole number from 1.");
  return 1;
}

// Every problem with the query string in one 400.
void refuse_problems(const std::vector<std::string>& problems) {
  if (problems.empty()) return;
  std::string message;
  for (const auto& p : problems) message += (message.empty() ? "" : " ") + p;
  throw Error(ErrorCode::bad_request, message);
}

// Reads and checks the query string. Every problem is listed in one 400.
Filters read_filters(const http::Request& req, AreaKind kind, bool with_table,
                     const std::vector<std::string>& editions, const std::string& current) {
  Filters f;
  std::vector<std::string> problems;
  auto value = [&](const char* name) { return filter_value(req, name); };
  f.edition = value("edition");
  if (f.edition.empty()) {
    f.edition = current.empty() && !editions.empty() ? editions.front() : current;
  } else if (std::find(editions.begin(), editions.end(), f.edition) == editions.end()) {
    std::string list;
    for (size_t i = 0; i < editions.size(); ++i) list += (i ? ", " : "") + editions[i];
    problems.push_back("There are no figures for the edition \"" + f.edition.substr(0, 40) +
                       "\". Choose one of: " + (list.empty() ? "none yet" : list) + ".");
  }
  const std::string by = value("by");
  if (!by.empty()) {
    if (offered(breakdown_options(kind), by))
      f.by = by;
    else
      problems.push_back("The breakdown must be " + list_of(breakdown_options(kind)) + ".");
  }
  if (with_table) {
    auto& t = f.table;
    t.status = value("status");
    if (!t.status.empty() && !offered(status_options(), t.status))
      problems.push_back("The status must be " + list_of(status_options()) + ".");
    t.type = value("type");
    if (!t.type.empty() && !offered(type_options(), t.type))
      problems.push_back("The organisation type must be " + list_of(type_options()) + ".");
    t.size = value("size");
    if (!t.size.empty() && !offered(size_options(), t.size))
      problems.push_back("The size must be " + list_of(size_options()) + ".");
    t.name = value("name");
    if (t.name.size() > 100)
      problems.push_back("The name to search for must be 100 characters or fewer.");
    const std::string sort = value("sort");
    if (!sort.empty()) {
      if (offered(sort_options(), sort))
        t.sort = sort;
      else
        problems.push_back("The table can be sorted by " + list_of(sort_options()) + ".");
    }
    const std::string dir = value("dir");
    if (dir == "desc")
      t.descending = true;
    else if (!dir.empty() && dir != "asc")
      problems.push_back("The sort direction must be asc or desc.");
    t.page = read_page(value("page"), problems);
    t.edition = f.edition;
  }
  refuse_problems(problems);
  return f;
}

using Params = std::vector<std::pair<std::string, std::string>>;

// base with the query string of params after changes; empty values are left out.
std::string href_with(const std::string& base, Params params, const Params& changes) {
  for (const auto& [k, v] : changes)
    for (auto& p : params)
      if (p.first == k) p.second = v;
  std::string query;
  for (const auto& [k, v] : params)
    if (!v.empty()) query += (query.empty() ? "?" : "&") + k + "=" + http::percent_encode(v);
  return base + query;
}

// A link to the dashboard with these filters; empty values and defaults are left out.
std::string filter_href(const std::string& base, const Filters& f, bool with_table,
                        const Params& changes = {}) {
  Params params = {{"edition", f.edition}, {"by", f.by == "group" ? "" : f.by}};
  if (with_table) {
    const auto& t = f.table;
    params.insert(params.end(), {{"status", t.status},
                                 {"type", t.type},
                                 {"size", t.size},
                                 {"name", t.name},
                                 {"sort", t.sort == "name" ? "" : t.sort},
                                 {"dir", t.descending ? "desc" : ""},
                                 {"page", t.page > 1 ? std::to_string(t.page) : ""}});
  }
  return href_with(base, std::move(params), changes);
}

json options_json(const std::vector<Option>& options, const std::string& selected) {
  json out = json::array();
  for (const auto& o : options) {
    // Field by field: a brace list builds each pair as an array first.
    json option = json::object();
    option["value"] = o.value;
    option["label"] = o.label;
    option["selected"] = o.value == selected;
    out.push_back(std::move(option));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Figures as page context

// "1 organisation", "3 organisations".
std::string count_text(int64_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

double percent_value(int64_t part, int64_t whole) {
  return static_cast<double>(oversight::per_mille(part, whole)) / 10.0;
}

json status_headers() {
  json out = json::array();
  for (const char* s : oversight::kDashboardStatuses)
    out.push_back({{"status", s}, {"label", oversight::dashboard_status_label(s)}});
  return out;
}

json status_cells(const oversight::StatusCounts& c) {
  json out = json::array();
  for (size_t i = 0; i < oversight::kStatusCount; ++i) {
    json cell = json::object();
    cell["label"] = oversight::dashboard_status_label(oversight::kDashboardStatuses[i]);
    cell["count"] = c.counts[i];
    cell["percent"] = oversight::percent_text(c.counts[i], c.total);
    out.push_back(std::move(cell));
  }
  return out;
}

// A stacked percentage bar per row, one dataset per status.
std::string stacked_chart(const std::vector<std::string>& labels,
                          const std::vector<oversight::StatusCounts>& counts, bool horizontal) {
  json datasets = json::array();
  for (size_t i = 0; i < oversight::kStatusCount; ++i) {
    json data = json::array();
    for (const auto& c : counts) data.push_back(percent_value(c.counts[i], c.total));
    datasets.push_back(
        {{"label", oversight::dashboard_status_label(oversight::kDashboardStatuses[i])},
         {"status", oversight::kDashboardStatuses[i]},
         {"data", data}});
  }
  return json({{"kind", "bar"},
               {"labels", labels},
               {"datasets", datasets},
               {"stacked", true},
               {"percent", true},
               {"horizontal", horizontal}})
      .dump();
}

std::string canvas_size(size_t bars) {
  if (bars > 20) return "cg-chart__canvas cg-chart__canvas--xtall";
  if (bars > 8) return "cg-chart__canvas cg-chart__canvas--tall";
  return "cg-chart__canvas";
}

std::string item_title(const toolkit::Library& library, const std::string& edition,
                       const std::string& item_id) {
  if (const auto* f = library.find(toolkit::kToolkitId, edition))
    if (const auto* item = f->find_item(item_id)) return item->title;
  auto all = library.editions(toolkit::kToolkitId);
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (const auto* item = (*it)->find_item(item_id)) return item->title;
  return "";
}

struct AreaView {
  identity::Organisation org;
  AreaKind kind = AreaKind::nation;
  Filters filters;
  std::vector<std::string> editions;
  oversight::CounterCache::Figures figures;  // shared with other requests: never changed
  std::map<int64_t, std::string> names;      // regions and ICSs
  oversight::AreaTableCache::Table area;     // the kept, sorted table the page is a slice of
  std::optional<oversight::TableSlice> table;
  std::string today;
  // The rendered figures and table are kept under their keys and the stamp (see load_area).
  // What was found kept is not read again: with kept_figures, figures and names stay empty;
  // with kept_table, table does.
  std::string figures_key, table_key, stamp;
  FragmentCache::Body kept_figures, kept_table;
};

std::string slice_label(const AreaView& v, const std::string& dimension,
                        const oversight::Slice& s) {
  if (!s.label.empty()) return s.label;
  if (dimension == "region" || dimension == "ics") {
    if (s.value.empty()) return dimension == "region" ? "Not in a region" : "Not in an ICS";
    try {
      auto it = v.names.find(std::stoll(s.value));
      if (it != v.names.end()) return it->second;
    } catch (const std::exception&) {
    }
    return "Organisation " + s.value;
  }
  return s.value;
}

const std::vector<oversight::Slice>& slices_of(const oversight::AreaFigures& f,
                                               const std::string& by) {
  if (by == "type") return f.by_type;
  if (by == "region") return f.by_region;
  if (by == "ics") return f.by_ics;
  if (by == "size") return f.by_size;
  return f.by_group;
}

std::string breakdown_title(const std::string& by) {
  if (by == "type") return "By organisation type";
  if (by == "region") return "By region";
  if (by == "ics") return "By integrated care system";
  if (by == "size") return "By size";
  return "By organisation group";
}

// The area's figures and table for the query string. With bodies, the two parts of the page
// rendered before for the same view of the same data are looked for first, and only what is
// not found is read. Each part is kept under the area and its canonical filters (the figures
// without the table's page, since they do not change with it; with extra, what else they show
// that depends on who asks), stamped with oversight_version, which the triggers of migration
// 0010 move with every change to the organisations and statuses a dashboard shows, the day
// (what expires depends on it) and the edition open now. version (dashboard_version) was read
// before anything here: what is read now is at least as new as the stamp says, never older.
AreaView load_area(Ctx& ctx, const identity::Organisation& org, int64_t version, bool all_rows,
                   FragmentCache* bodies = nullptr, const std::string& extra = "") {
  AreaView v;
  v.org = org;
  v.kind = area_kind(org.type);
  v.today = toolkit::london_date(ctx.now());
  const int64_t area_id = v.kind == AreaKind::nation ? 0 : org.id;
  const auto* current = toolkit::current_edition(ctx.app.library(), ctx.now());
  const std::string current_edition = current ? current->edition : "";
  const bool with_table = v.kind != AreaKind::nation;
  ctx.app.db().read([&](store::Connection& c) {
    const auto cached = ctx.app.counter_cache().get(c, area_id, version);
    const auto& counters = *cached;
    v.editions = edition_choices(counters, current_edition);
    v.filters = read_filters(ctx.req, v.kind, with_table, v.editions, current_edition);
    if (bodies) {
      const std::string base = dashboard_href(org.id);
      v.table_key = filter_href(base, v.filters, with_table);
      v.figures_key = filter_href(base, v.filters, with_table, {{"page", ""}}) + "\n" + extra;
      v.stamp = std::to_string(version) + "|" + v.today + "|" + current_edition;
      v.kept_figures = bodies->find(v.figures_key, v.stamp);
      v.kept_table = bodies->find(v.table_key, v.stamp);
    }
    if (!v.kept_figures) {
      v.figures =
          ctx.app.counter_cache().figures(area_id, cached, v.kind, v.filters.edition, v.today);
      std::vector<int64_t> ids;
      for (const auto* slices : {&v.figures->by_region, &v.figures->by_ics})
        for (const auto& s : *slices) {
          try {
            if (!s.value.empty()) ids.push_back(std::stoll(s.value));
          } catch (const std::exception&) {
          }
        }
      v.names = oversight::names_of(c, ids);
    }
    if (with_table && !v.kept_table) {
      auto q = v.filters.table;
      q.kind = v.kind;
      q.area_id = org.id;
      if (all_rows) {
        q.page = 1;
        q.page_size = 0;
      }
      v.area = ctx.app.area_tables().get(c, v.kind, org.id, q.edition, version);
      v.table = oversight::table_slice(*v.area, q);
    }
    return 0;
  });
  return v;
}

json org_row_json(const oversight::OrgTableRow& r) {
  // Field by field: a brace list first builds a two-element array per field (several times
  // the allocations). Absent values are nulls, which sections treat as false ("" is true).
  json row = json::object();
  row["name"] = r.name;
  row["href"] = org_href(r.id);
  row["history_href"] = org_href(r.id) + "/status-history";
  row["ods_code"] = r.ods_code.empty() ? json() : json(r.ods_code);
  row["type"] = oversight::type_label(r.type);
  row["size"] = oversight::size_label(oversight::size_band(r.staff_count));
  row["status"] = oversight::dashboard_status_label(r.status);
  row["status_tag"] = status_tag(r.status);
  row["published_on"] = r.published_on.empty() ? json() : json(r.published_on);
  row["plan_due_on"] = r.plan_due_on.empty() ? json() : json(r.plan_due_on);
  row["counts_until"] = r.counts_until.empty() ? json() : json(r.counts_until);
  return row;
}

// The page's rows, each rendered once per edition and stamp (see load_area) and kept: a row
// shows only its organisation's own data, so every page, sort and filter of any area that lists
// it can use the same markup.
std::string org_rows_html(const AreaView& v, const App& app, FragmentCache& kept_rows) {
  const auto& page = v.table->rows;
  std::vector<std::string> keys;
  keys.reserve(page.size());
  for (uint32_t i : page)
    keys.push_back(v.filters.edition + "|" + std::to_string(v.area->rows[i].id));
  auto kept = kept_rows.find_all(keys, v.stamp);
  std::string out;
  out.reserve(page.size() * 1536);  // a row is about 1.3 KB
  for (size_t k = 0; k < page.size(); ++k) {
    if (!kept[k]) {
      kept[k] = std::make_shared<const std::string>(
          app.render_body("dashboard/area_row", org_row_json(v.area->rows[page[k]])));
      kept_rows.keep(keys[k], v.stamp, kept[k]);
    }
    out += *kept[k];
  }
  return out;
}

// The table's filters as the filter forms show them (both parts of the page use them).
json table_filters_json(const oversight::OrgTableQuery& t) {
  json out = json::object();
  out["status_options"] = options_json(status_options(), t.status);
  out["type_options"] = options_json(type_options(), t.type);
  out["size_options"] = options_json(size_options(), t.size);
  out["name"] = t.name;
  out["name_filter"] = t.name.empty() ? json() : json(t.name);
  out["sort"] = t.sort == "name" ? json() : json(t.sort);
  out["dir"] = t.descending ? json("desc") : json();
  return out;
}

// dashboard/area_figures: everything above the organisation table.
json figures_context(const AreaView& v, const App& app) {
  const auto& f = *v.figures;
  const std::string base = dashboard_href(v.org.id);
  const bool with_table = v.kind != AreaKind::nation;
  json editions = json::array();
  for (const auto& e : v.editions)
    editions.push_back({{"value", e}, {"label", e}, {"selected", e == v.filters.edition}});

  // The edition's statuses.
  json status_rows = json::array();
  json doughnut_data = json::array(), doughnut_labels = json::array(), colours = json::array();
  for (size_t i = 0; i < oversight::kStatusCount; ++i) {
    const std::string s = oversight::kDashboardStatuses[i];
    status_rows.push_back(
        {{"label", oversight::dashboard_status_label(s)},
         {"count", f.overall.counts[i]},
         {"percent", oversight::percent_text(f.overall.counts[i], f.overall.total)}});
    doughnut_labels.push_back(oversight::dashboard_status_label(s));
    doughnut_data.push_back(f.overall.counts[i]);
    colours.push_back(s);
  }
  const std::string status_chart =
      json({{"kind", "doughnut"},
            {"labels", doughnut_labels},
            {"datasets",
             json::array(
                 {{{"label", "Organisations"}, {"data", doughnut_data}, {"colours", colours}}})},
            {"unit", "organisations"}})
          .dump();

  // Trend over editions.
  json trend_rows = json::array();
  std::vector<std::string> trend_labels;
  std::vector<oversight::StatusCounts> trend_counts;
  for (const auto& t : f.trend) {
    trend_rows.push_back(
        {{"edition", t.edition}, {"cells", status_cells(t.counts)}, {"total", t.counts.total}});
    trend_labels.push_back(t.edition);
    trend_counts.push_back(t.counts);
  }

  // The breakdown chosen.
  const auto& slices = slices_of(f, v.filters.by);
  const std::string dimension = v.filters.by == "group" ? "" : v.filters.by;
  json breakdown_rows = json::array();
  std::vector<std::string> labels;
  std::vector<oversight::StatusCounts> counts;
  for (const auto& s : slices) {
    const std::string label = slice_label(v, dimension, s);
    breakdown_rows.push_back(
        {{"label", label}, {"cells", status_cells(s.counts)}, {"total", s.counts.total}});
    labels.push_back(label);
    counts.push_back(s.counts);
  }
  json breakdown_links = json::array();
  for (const auto& o : breakdown_options(v.kind))
    breakdown_links.push_back(
        {{"label", o.label},
         {"href", filter_href(base, v.filters, with_table, {{"by", o.value}, {"page", ""}})},
         {"current", o.value == v.filters.by}});

  // Items most often unmet.
  json item_rows = json::array(), item_labels = json::array(), item_data = json::array();
  const int64_t published = f.overall.published();
  for (const auto& item : f.unmet_items) {
    const std::string title = item_title(app.library(), f.edition, item.item_id);
    item_rows.push_back({{"id", item.item_id},
                         {"title", title},
                         {"count", item.count},
                         {"percent", oversight::percent_text(item.count, published)}});
    item_labels.push_back(item.item_id);
    item_data.push_back(item.count);
  }
  const std::string item_chart =
      json({{"kind", "bar"},
            {"labels", item_labels},
            {"datasets",
             json::array({{{"label", "Organisations with the item unmet"}, {"data", item_data}}})},
            {"horizontal", true},
            {"unit", "organisations"}})
          .dump();

  // Lists are moved in, not copied (the table alone is 50 rows); what is read from them is
  // taken first, since a brace list is evaluated in order.
  const size_t unmet_shown = item_rows.size();
  json context = {{"wide", true},
                  {"org_name", v.org.name},
                  {"title", dashboard_title(v.org.type)},
                  {"action", base},
                  {"edition", f.edition},
                  {"editions", std::move(editions)},
                  {"by", v.filters.by},
                  {"breakdown_options", options_json(breakdown_options(v.kind), v.filters.by)},
                  {"csv_href", filter_href(base + ".csv", v.filters, with_table, {{"page", ""}})},
                  {"xlsx_href", filter_href(base + ".xlsx", v.filters, with_table, {{"page", ""}})},
                  {"total", f.overall.total},
                  {"published", published},
                  {"published_percent", oversight::percent_text(published, f.overall.total)},
                  {"status_rows", std::move(status_rows)},
                  {"status_chart", status_chart},
                  {"status_headers", status_headers()},
                  {"trend_rows", std::move(trend_rows)},
                  {"has_trend", !f.trend.empty()},
                  {"trend_chart", stacked_chart(trend_labels, trend_counts, false)},
                  {"breakdown_title", breakdown_title(v.filters.by)},
                  {"breakdown_links", std::move(breakdown_links)},
                  {"breakdown_rows", std::move(breakdown_rows)},
                  {"breakdown_chart", stacked_chart(labels, counts, true)},
                  {"breakdown_canvas", canvas_size(labels.size())},
                  {"item_rows", std::move(item_rows)},
                  {"has_items", unmet_shown > 0},
                  {"item_chart", item_chart},
                  {"item_canvas", canvas_size(unmet_shown)},
                  {"expiry",
                   {{"within_30", count_text(f.expiry.within_30, "organisation")},
                    {"within_60", count_text(f.expiry.within_60, "organisation")},
                    {"within_90", count_text(f.expiry.within_90, "organisation")},
                    {"expired", count_text(f.expiry.expired, "organisation")}}},
                  {"plans_overdue", count_text(f.plans_overdue, "organisation")},
                  {"today", clock::human_date(toolkit::london_day_end_utc(v.today) - 1)}};
  if (with_table) context["table"] = table_filters_json(v.filters.table);
  return context;
}

// dashboard/area_table: the organisation table (regions and ICSs) and the page's scripts.
json table_context(const AreaView& v, const App& app, FragmentCache& kept_rows) {
  const std::string base = dashboard_href(v.org.id);
  json context = {{"action", base},
                  {"edition", v.filters.edition},
                  {"by", v.filters.by},
                  {"chart_js_href", app.assets().url("chart.umd.js")},
                  {"dashboard_js_href", app.assets().url("dashboard.js")}};
  if (v.table) {
    const auto& t = v.filters.table;
    const auto& table = *v.table;
    json headers = json::array();
    for (const auto& o : sort_options()) {
      const bool sorted = t.sort == o.value;
      const bool next_desc = sorted && !t.descending;
      json header = json::object();
      header["label"] = o.label;
      header["href"] = filter_href(base, v.filters, true,
                                   {{"sort", o.value == "name" ? "" : o.value},
                                    {"dir", next_desc ? "desc" : ""},
                                    {"page", ""}});
      header["aria_sort"] = sorted ? (t.descending ? "descending" : "ascending") : "none";
      header["sorted"] = sorted;
      header["descending"] = sorted && t.descending;
      headers.push_back(std::move(header));
    }
    json table_json = table_filters_json(t);
    table_json["rows_html"] = org_rows_html(v, app, kept_rows);
    table_json["has_rows"] = !table.rows.empty();
    table_json["total"] = table.total;
    table_json["matching"] =
        count_text(table.total, "organisation") + (table.total == 1 ? " matches" : " match");
    table_json["page"] = t.page;
    table_json["pages"] = table.pages;
    table_json["headers"] = std::move(headers);
    table_json["pages_of"] = "organisations";
    table_json["filtered"] =
        !t.status.empty() || !t.type.empty() || !t.size.empty() || !t.name.empty();
    table_json["clear_href"] =
        filter_href(base, v.filters, true,
                    {{"status", ""}, {"type", ""}, {"size", ""}, {"name", ""}, {"page", ""}}) +
        "#organisations";
    if (t.page > 1)
      table_json["previous_href"] =
          filter_href(base, v.filters, true,
                      {{"page", t.page - 1 > 1 ? std::to_string(t.page - 1) : ""}}) +
          "#organisations";
    if (t.page < table.pages)
      table_json["next_href"] =
          filter_href(base, v.filters, true, {{"page", std::to_string(t.page + 1)}}) +
          "#organisations";
    if (t.page > 1 && t.page > table.pages)
      table_json["first_href"] =
          filter_href(base, v.filters, true, {{"page", ""}}) + "#organisations";
    context["table"] = std::move(table_json);
  }
  return context;
}

std::vector<oversight::ExportTable> area_tables(const AreaView& v, const App& app) {
  const auto& f = *v.figures;
  std::vector<oversight::ExportTable> out;
  std::vector<std::string> status_header;
  for (const char* s : oversight::kDashboardStatuses)
    status_header.push_back(oversight::dashboard_status_label(s));

  auto counts_row = [](std::vector<std::string> lead, const oversight::StatusCounts& c) {
    for (size_t i = 0; i < oversight::kStatusCount; ++i)
      lead.push_back(std::to_string(c.counts[i]));
    lead.push_back(std::to_string(c.total));
    for (size_t i = 0; i < oversight::kStatusCount; ++i)
      lead.push_back(oversight::percent_text(c.counts[i], c.total));
    return lead;
  };
  auto counts_header = [&](std::vector<std::string> lead) {
    for (const auto& h : status_header) lead.push_back(h);
    lead.push_back("Organisations");
    for (const auto& h : status_header) lead.push_back(h + " %");
    return lead;
  };

  oversight::ExportTable status{"Status " + f.edition, {"Status", "Organisations", "Share"}, {}};
  for (size_t i = 0; i < oversight::kStatusCount; ++i)
    status.rows.push_back({status_header[i], std::to_string(f.overall.counts[i]),
                           oversight::percent_text(f.overall.counts[i], f.overall.total)});
  status.rows.push_back({"All organisations", std::to_string(f.overall.total), "100%"});
  out.push_back(status);

  oversight::ExportTable trend{"Trend", counts_header({"Edition"}), {}};
  for (const auto& t : f.trend) trend.rows.push_back(counts_row({t.edition}, t.counts));
  out.push_back(trend);

  const std::pair<std::string, const std::vector<oversight::Slice>*> breakdowns[] = {
      {"group", &f.by_group},
      {"type", &f.by_type},
      {"region", &f.by_region},
      {"ics", &f.by_ics},
      {"size", &f.by_size}};
  for (const auto& [by, slices] : breakdowns) {
    if (by == "region" && v.kind != AreaKind::nation) continue;
    if (by == "ics" && v.kind == AreaKind::ics) continue;
    const std::string dimension = by == "group" ? "" : by;
    oversight::ExportTable t{breakdown_title(by) + " " + f.edition, counts_header({"Name"}), {}};
    for (const auto& s : *slices)
      t.rows.push_back(counts_row({slice_label(v, dimension, s)}, s.counts));
    out.push_back(t);
  }

  oversight::ExportTable items{"Unmet items " + f.edition,
                               {"Item", "Title", "Organisations", "Share of those published"},
                               {}};
  for (const auto& item : f.unmet_items)
    items.rows.push_back({item.item_id, item_title(app.library(), f.edition, item.item_id),
                          std::to_string(item.count),
                          oversight::percent_text(item.count, f.overall.published())});
  out.push_back(items);

  out.push_back({"Expiry and plans",
                 {"Measure", "Organisations"},
                 {{"Publication expires within 30 days", std::to_string(f.expiry.within_30)},
                  {"Publication expires within 60 days", std::to_string(f.expiry.within_60)},
                  {"Publication expires within 90 days", std::to_string(f.expiry.within_90)},
                  {"Newest publication no longer counts", std::to_string(f.expiry.expired)},
                  {"Improvement plans overdue", std::to_string(f.plans_overdue)}}});

  if (v.table) {
    oversight::ExportTable orgs{"Organisations",
                                {"Name", "ODS code", "Type", "Size", "Status " + f.edition,
                                 "Published on", "Plan due", "Counts until"},
                                {}};
    for (uint32_t i : v.table->rows) {
      const auto& r = v.area->rows[i];
      orgs.rows.push_back({r.name, r.ods_code, oversight::type_label(r.type),
                           oversight::size_label(oversight::size_band(r.staff_count)),
                           oversight::dashboard_status_label(r.status), r.published_on,
                           r.plan_due_on, r.counts_until});
    }
    out.push_back(orgs);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Support organisations

std::vector<Option> help_options() {
  std::vector<Option> out = {{"any", "Any reason"}};
  for (const char* r : oversight::kHelpReasons) out.push_back({r, oversight::help_label(r)});
  return out;
}

std::vector<Option> portfolio_sort_options() {
  return {{"name", "Provider"},
          {"approaching", "Approaching Standards items answered"},
          {"met", "Standards Met items answered"},
          {"activity", "Last activity"},
          {"status", "Status"},
          {"expires", "Counts until"}};
}

oversight::PortfolioQuery read_portfolio_filters(const http::Request& req) {
  oversight::PortfolioQuery q;
  std::vector<std::string> problems;
  q.status = filter_value(req, "status");
  if (!q.status.empty() && !offered(status_options(), q.status))
    problems.push_back("The status must be " + list_of(status_options()) + ".");
  q.help = filter_value(req, "help");
  if (!q.help.empty() && !offered(help_options(), q.help))
    problems.push_back("The reason for needing help must be " + list_of(help_options()) + ".");
  q.name = filter_value(req, "name");
  if (q.name.size() > 100)
    problems.push_back("The name to search for must be 100 characters or fewer.");
  const std::string sort = filter_value(req, "sort");
  if (!sort.empty()) {
    if (oversight::is_portfolio_sort(sort))
      q.sort = sort;
    else
      problems.push_back("The table can be sorted by " + list_of(portfolio_sort_options()) + ".");
  }
  const std::string dir = filter_value(req, "dir");
  if (dir == "desc")
    q.descending = true;
  else if (!dir.empty() && dir != "asc")
    problems.push_back("The sort direction must be asc or desc.");
  q.page = read_page(filter_value(req, "page"), problems);
  refuse_problems(problems);
  return q;
}

// A link to the support dashboard with these filters; defaults are left out.
std::string portfolio_href(const std::string& base, const oversight::PortfolioQuery& q,
                           const Params& changes = {}) {
  return href_with(base,
                   {{"status", q.status},
                    {"help", q.help},
                    {"name", q.name},
                    {"sort", q.sort == "name" ? "" : q.sort},
                    {"dir", q.descending ? "desc" : ""},
                    {"page", q.page > 1 ? std::to_string(q.page) : ""}},
                   changes);
}

struct SupportView {
  identity::Organisation org;
  std::string edition;  // the toolkit edition open now
  oversight::PortfolioCache::Snapshot snapshot;
  std::vector<oversight::VisibleProvider> visible;  // what the person may see, by name
  oversight::StatusCounts counts;
  oversight::PortfolioQuery query;
};

SupportView load_support(Ctx& ctx, const identity::Organisation& org) {
  SupportView v;
  v.org = org;
  v.query = read_portfolio_filters(ctx.req);
  const auto* current = toolkit::current_edition(ctx.app.library(), ctx.now());
  v.edition = current ? current->edition : "";
  v.snapshot = ctx.app.db().read([&](store::Connection& c) {
    return ctx.app.portfolio_cache().get(c, org.id, current, ctx.now());
  });
  for (const auto& e : v.snapshot->entries) {
    const identity::OrgRef ref{e.facts.org.id, e.facts.org.path};
    // Only providers the person may see; their progress only where they may read it.
    if (!identity::allowed(ctx.actor, Action::view_org, ref)) continue;
    v.visible.push_back({&e, identity::allowed(ctx.actor, Action::view_private, ref)});
    const int i = oversight::status_index(e.summary.status);
    if (i >= 0) ++v.counts.counts[static_cast<size_t>(i)];
    ++v.counts.total;
  }
  return v;
}

std::string share_text(const oversight::Share& s) {
  return oversight::percent_text(s.part, s.whole) + " (" + std::to_string(s.part) + " of " +
         std::to_string(s.whole) + ")";
}

std::string plan_due_of(const oversight::ProviderSummary& s) {
  if (s.newest && (s.newest->status == "not_met" || s.newest->status == "approaching"))
    return s.newest->plan_due_on;
  return "";
}

json provider_json(const oversight::VisibleProvider& p, const std::string& today) {
  const auto& f = p.entry->facts;
  const auto& s = p.entry->summary;
  json reasons = json::array();
  for (const auto& r : s.help) {
    json reason = json::object();
    reason["code"] = r;
    reason["label"] = oversight::help_label(r);
    reasons.push_back(std::move(reason));
  }
  // Field by field, as for the area table: a brace list builds a pair per field first.
  json out = json::object();
  out["name"] = f.org.name;
  out["href"] = org_href(f.org.id);
  out["history_href"] = org_href(f.org.id) + "/status-history";
  out["ods_code"] = f.org.ods_code.empty() ? json() : json(f.org.ods_code);
  out["type"] = identity::org_type_label(f.org.type);
  out["status"] = oversight::dashboard_status_label(s.status);
  out["status_tag"] = status_tag(s.status);
  out["expires_on"] = s.expires_on.empty() ? json() : json(s.expires_on);
  out["expired"] = !s.expires_on.empty() && s.expires_on < today;
  out["reasons"] = std::move(reasons);
  out["needs_help"] = !s.help.empty();
  out["progress"] = p.progress;
  out["started"] = f.started;
  const std::string plan_due = plan_due_of(s);
  out["plan_due_on"] = plan_due.empty() ? json() : json(plan_due);
  if (p.progress && f.started) {
    out["approaching"] = share_text(f.approaching_answered);
    out["met"] = share_text(f.met_answered);
    out["last_activity"] = clock::human_date(f.last_activity);
  }
  return out;
}

// How many "who needs help now" names the dashboard lists; the table has them all.
constexpr size_t kMostUrgentShown = 10;

json support_context(const SupportView& v, const App& app, int64_t now) {
  const std::string today = toolkit::london_date(now);
  const std::string base = dashboard_href(v.org.id);
  const auto& q = v.query;

  const auto help = oversight::help_summary(v.visible, kMostUrgentShown);
  json urgent = json::array(), reasons = json::array();
  for (const auto& p : help.most_urgent) urgent.push_back(provider_json(p, today));
  for (const auto& [reason, count] : help.by_reason)
    reasons.push_back({{"label", oversight::help_label(reason)},
                       {"count", count},
                       {"href", portfolio_href(base, {}, {{"help", reason}}) + "#providers"}});

  json status_rows = json::array(), labels = json::array(), data = json::array(),
       colours = json::array();
  for (size_t i = 0; i < oversight::kStatusCount; ++i) {
    const std::string s = oversight::kDashboardStatuses[i];
    status_rows.push_back(
        {{"label", oversight::dashboard_status_label(s)},
         {"count", v.counts.counts[i]},
         {"percent", oversight::percent_text(v.counts.counts[i], v.counts.total)}});
    labels.push_back(oversight::dashboard_status_label(s));
    data.push_back(v.counts.counts[i]);
    colours.push_back(s);
  }

  const auto page = oversight::portfolio_page(v.visible, q);
  json rows = json::array();
  for (const auto& p : page.rows) rows.push_back(provider_json(p, today));
  json headers = json::array();
  for (const auto& o : portfolio_sort_options()) {
    const bool sorted = q.sort == o.value;
    headers.push_back({{"label", o.label},
                       {"href", portfolio_href(base, q,
                                               {{"sort", o.value == "name" ? "" : o.value},
                                                {"dir", sorted && !q.descending ? "desc" : ""},
                                                {"page", ""}}) +
                                    "#providers"},
                       {"aria_sort", sorted ? (q.descending ? "descending" : "ascending") : "none"},
                       {"sorted", sorted},
                       {"descending", sorted && q.descending}});
  }
  json table = {
      {"rows", std::move(rows)},
      {"has_rows", !page.rows.empty()},
      {"matching", count_text(page.total, "provider") + (page.total == 1 ? " matches" : " match")},
      {"page", q.page},
      {"pages", page.pages},
      {"headers", std::move(headers)},
      {"pages_of", "providers"},
      {"status_options", options_json(status_options(), q.status)},
      {"help_options", options_json(help_options(), q.help)},
      {"name", q.name},
      {"sort", q.sort == "name" ? json() : json(q.sort)},
      {"dir", q.descending ? json("desc") : json()},
      {"filtered", !q.status.empty() || !q.help.empty() || !q.name.empty()},
      {"clear_href",
       portfolio_href(base, q, {{"status", ""}, {"help", ""}, {"name", ""}, {"page", ""}}) +
           "#providers"}};
  if (q.page > 1)
    table["previous_href"] =
        portfolio_href(base, q, {{"page", q.page - 1 > 1 ? std::to_string(q.page - 1) : ""}}) +
        "#providers";
  if (q.page < page.pages)
    table["next_href"] =
        portfolio_href(base, q, {{"page", std::to_string(q.page + 1)}}) + "#providers";
  if (q.page > 1 && q.page > page.pages)
    table["first_href"] = portfolio_href(base, q, {{"page", ""}}) + "#providers";

  return {{"wide", true},
          {"org_name", v.org.name},
          {"title", dashboard_title(v.org.type)},
          {"edition", v.edition},
          {"action", base},
          {"has_providers", !v.visible.empty()},
          {"urgent", std::move(urgent)},
          {"help_reasons", std::move(reasons)},
          {"has_help", help.needing_help > 0},
          {"help_count", help.needing_help},
          {"more_help", help.needing_help > static_cast<int64_t>(help.most_urgent.size())
                            ? json(portfolio_href(base, {}, {{"help", "any"}}) + "#providers")
                            : json()},
          {"total", v.counts.total},
          {"status_rows", std::move(status_rows)},
          {"status_chart",
           json({{"kind", "doughnut"},
                 {"labels", labels},
                 {"datasets",
                  json::array({{{"label", "Providers"}, {"data", data}, {"colours", colours}}})},
                 {"unit", "providers"}})
               .dump()},
          {"expiring_days", oversight::kExpiringSoonDays},
          {"table", std::move(table)},
          {"csv_href", portfolio_href(base + ".csv", q, {{"page", ""}})},
          {"xlsx_href", portfolio_href(base + ".xlsx", q, {{"page", ""}})},
          {"portfolio_href", org_href(v.org.id) + "/portfolio/progress"},
          {"chart_js_href", app.assets().url("chart.umd.js")},
          {"dashboard_js_href", app.assets().url("dashboard.js")}};
}

// The downloads: the status and help figures of the whole portfolio the person sees, and
// every provider matching the table's filters (all pages).
std::vector<oversight::ExportTable> support_tables(const SupportView& v) {
  oversight::ExportTable providers{
      "Providers",
      {"Name", "ODS code", "Type", "Status", "Counts until", "Plan due",
       "Approaching items answered", "Approaching items applicable", "Standards Met items answered",
       "Standards Met items applicable", "Last activity", "Needs help because"},
      {}};
  oversight::ExportTable help{"Who needs help now", {"Name", "ODS code", "Reasons"}, {}};
  auto reasons_of = [](const oversight::ProviderSummary& s) {
    std::string reasons;
    for (const auto& r : s.help)
      reasons += (reasons.empty() ? "" : "; ") + std::string(oversight::help_label(r));
    return reasons;
  };
  auto all = v.query;
  all.page = 1;
  all.page_size = 0;
  for (const auto& p : oversight::portfolio_page(v.visible, all).rows) {
    const auto& f = p.entry->facts;
    const auto& s = p.entry->summary;
    const bool progress = p.progress && f.started;
    providers.rows.push_back(
        {f.org.name, f.org.ods_code, identity::org_type_label(f.org.type),
         oversight::dashboard_status_label(s.status), s.expires_on, plan_due_of(s),
         progress ? std::to_string(f.approaching_answered.part) : "",
         progress ? std::to_string(f.approaching_answered.whole) : "",
         progress ? std::to_string(f.met_answered.part) : "",
         progress ? std::to_string(f.met_answered.whole) : "",
         progress ? toolkit::london_date(f.last_activity) : "", reasons_of(s)});
  }
  for (const auto& p : v.visible) {
    const auto& s = p.entry->summary;
    if (!s.help.empty())
      help.rows.push_back({p.entry->facts.org.name, p.entry->facts.org.ods_code, reasons_of(s)});
  }
  oversight::ExportTable status{"Status", {"Status", "Providers", "Share"}, {}};
  for (size_t i = 0; i < oversight::kStatusCount; ++i)
    status.rows.push_back({oversight::dashboard_status_label(oversight::kDashboardStatuses[i]),
                           std::to_string(v.counts.counts[i]),
                           oversight::percent_text(v.counts.counts[i], v.counts.total)});
  return {status, help, providers};
}

// ---------------------------------------------------------------------------------------------

Response download(const std::vector<oversight::ExportTable>& tables, const std::string& format,
                  const std::string& name) {
  Response r;
  if (format == "xlsx")
    r = Response::text(oversight::tables_xlsx(tables), 200,
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  else
    r = Response::text(oversight::tables_csv(tables), 200, "text/csv; charset=utf-8");
  r.headers["Content-Disposition"] = "attachment; filename=\"" + name + "." + format + "\"";
  return r;
}

// Letters, digits and hyphens, for a file name.
std::string file_part(const std::string& s) {
  std::string out;
  for (char ch : s) {
    const bool ok = std::isalnum(static_cast<unsigned char>(ch));
    if (ok)
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    else if (!out.empty() && out.back() != '-')
      out.push_back('-');
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.substr(0, 60);
}

std::vector<Breadcrumb> crumbs(const identity::Organisation& org) {
  return {{"/", "Home"}, {org_href(org.id), org.name}};
}

}  // namespace

void register_dashboard_pages(App& app) {
  // Where "Dashboard" in the menu goes: the one dashboard the person has, or a choice.
  app.page("GET", "/dashboard", Access::signed_in, [](Ctx& ctx) {
    json choices = json::array();
    std::set<int64_t> seen;
    for (const auto& m : ctx.actor.memberships) {
      if (!oversight::has_dashboard(m.org_type) || seen.count(m.org_id)) continue;
      if (!identity::allowed(ctx.actor, Action::view_dashboard, {m.org_id, m.org_path})) continue;
      seen.insert(m.org_id);
      choices.push_back({{"name", m.org_name},
                         {"href", dashboard_href(m.org_id)},
                         {"title", dashboard_title(m.org_type)}});
    }
    if (choices.empty())
      throw Error(ErrorCode::forbidden,
                  "Dashboards are for the national team, regions, integrated care systems and "
                  "support organisations. You do not oversee any of them.");
    if (choices.size() == 1) return Response::redirect(choices[0]["href"].get<std::string>());
    return ctx.app.render(ctx, "dashboard/choose", {{"choices", choices}}, "Choose a dashboard",
                          {{"/", "Home"}});
  });

  app.page("GET", "/orgs/{id}/dashboard", Access::signed_in, [](Ctx& ctx) {
    const int64_t version = dashboard_version(ctx);
    auto org = dashboard_org(ctx, version);
    if (org.type == OrgType::support_org) {
      auto v = load_support(ctx, org);
      // The body is kept for this view of this summarised portfolio and for exactly what the
      // person may see of it: one mark per provider (hidden, seen, seen with progress).
      std::string key = portfolio_href(dashboard_href(org.id), v.query) + "\n";
      size_t next = 0;
      for (const auto& e : v.snapshot->entries) {
        const bool seen = next < v.visible.size() && v.visible[next].entry == &e;
        key.push_back(!seen ? '0' : v.visible[next].progress ? '2' : '1');
        next += seen;
      }
      const std::string stamp = std::to_string(v.snapshot->serial);
      auto& bodies = ctx.app.dashboard_bodies();
      FragmentCache::Body body = bodies.find(key, stamp);
      if (!body) {
        body = std::make_shared<const std::string>(
            ctx.app.render_body("dashboard/support", support_context(v, ctx.app, ctx.now())));
        bodies.keep(key, stamp, body);
      }
      return ctx.app.render_page(ctx, *body, true, org.name + ": " + dashboard_title(org.type),
                                 crumbs(org));
    }
    // The national team brings in the published lists from here.
    const bool may_import =
        org.type == OrgType::national &&
        identity::allowed(ctx.actor, Action::import_statuses, {org.id, org.path});
    auto& bodies = ctx.app.dashboard_bodies();
    auto v = load_area(ctx, org, version, false, &bodies, may_import ? "import" : "");
    FragmentCache::Body figures = v.kept_figures, table = v.kept_table;
    if (!figures) {
      json context = figures_context(v, ctx.app);
      if (may_import) context["import_href"] = "/import/statuses";
      figures = std::make_shared<const std::string>(
          ctx.app.render_body("dashboard/area_figures", context));
      bodies.keep(v.figures_key, v.stamp, figures);
    }
    if (!table) {
      table = std::make_shared<const std::string>(ctx.app.render_body(
          "dashboard/area_table", table_context(v, ctx.app, ctx.app.dashboard_rows())));
      bodies.keep(v.table_key, v.stamp, table);
    }
    return ctx.app.render_page(ctx, *figures + *table, true,
                               org.name + ": " + dashboard_title(org.type), crumbs(org));
  });

  for (const std::string format : {"csv", "xlsx"}) {
    app.page("GET", "/orgs/{id}/dashboard." + format, Access::signed_in, [format](Ctx& ctx) {
      const int64_t version = dashboard_version(ctx);
      auto org = dashboard_org(ctx, version);
      const std::string today = toolkit::london_date(ctx.now());
      if (org.type == OrgType::support_org) {
        auto v = load_support(ctx, org);
        return download(support_tables(v), format,
                        "dashboard-" + file_part(org.name) + "-" + today);
      }
      auto v = load_area(ctx, org, version, true);
      return download(area_tables(v, ctx.app), format,
                      "dashboard-" + file_part(org.name) + "-" + v.filters.edition + "-" + today);
    });
  }

  // An organisation's status in each edition, newest first, as recorded for oversight.
  app.page("GET", "/orgs/{id}/status-history", Access::signed_in, [](Ctx& ctx) {
    auto org =
        identity::require_org(ctx.app.db(), ctx.actor, Action::view_org, ctx.req.param_id("id"));
    if (!oversight::counted(org.type)) throw Error(ErrorCode::not_found, "Page not found");
    const bool private_view =
        identity::allowed(ctx.actor, Action::view_private, {org.id, org.path});
    auto statuses =
        ctx.app.db().read([&](store::Connection& c) { return oversight::statuses_of(c, org.id); });
    const int64_t now = ctx.now();
    json rows = json::array();
    for (const auto& s : statuses) {
      json r = {{"edition", s.edition},
                {"status", oversight::dashboard_status_label(s.status)},
                {"status_tag", status_tag(s.status)},
                {"published_on", s.published_on},
                {"counts_until", toolkit::london_date(s.valid_until - 1)},
                {"counts_now", s.valid_until > now},
                {"source", s.source == "careguard" ? "Published in Careguard"
                           : s.source == "import"  ? "Imported from a national list"
                                                   : s.source},
                {"plan_due_on",
                 (s.status == "not_met" || s.status == "approaching") && !s.plan_due_on.empty()
                     ? json(s.plan_due_on)
                     : json()}};
      if (private_view) r["unmet"] = std::to_string(s.unmet_items.size());
      rows.push_back(r);
    }
    json context = {{"org_name", org.name},
                    {"ods_code", org.ods_code.empty() ? json() : json(org.ods_code)},
                    {"rows", rows},
                    {"has_rows", !rows.empty()},
                    {"private_view", private_view},
                    {"org_href", org_href(org.id)}};
    return ctx.app.render(ctx, "dashboard/status_history", std::move(context),
                          org.name + ": status history", crumbs(org));
  });
}

}  // namespace cg::web
