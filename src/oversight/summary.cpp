#include "oversight/summary.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "toolkit/scoring/london_time.h"
#include "toolkit/scoring/status.h"

namespace cg::oversight {

using cg::store::Value;
using identity::OrgType;

namespace {

using Key = std::tuple<int64_t, std::string, std::string, std::string, std::string>;
using Deltas = std::map<Key, int64_t>;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

constexpr const char* kStatusColumns =
    "org_id, edition, status, published_on, valid_until, plan_due_on, unmet_items, source, "
    "publication_id";

StatusRecord status_from_row(const cg::store::Row& r) {
  StatusRecord s;
  s.org_id = r.integer(0);
  s.edition = r.text(1);
  s.status = r.text(2);
  s.published_on = r.text(3);
  s.valid_until = r.integer(4);
  s.plan_due_on = r.text(5);
  s.unmet_items = split(r.text(6));
  s.source = r.text(7);
  s.publication_id = r.is_null(8) ? 0 : r.integer(8);
  return s;
}

struct Placed {
  OrgType type = OrgType::care_home;
  int64_t region_id = 0;
  int64_t ics_id = 0;
  int64_t staff_count = 0;
};

bool plan_counts(const StatusRecord& s) {
  return !s.plan_due_on.empty() && (s.status == "not_met" || s.status == "approaching");
}

// What one organisation adds to the counters, times `sign`.
void contribution(const Placed& o, const std::vector<StatusRecord>& statuses, int sign,
                  Deltas& out) {
  if (!counted(o.type)) return;
  std::vector<int64_t> areas{0};
  if (o.region_id > 0) areas.push_back(o.region_id);
  if (o.ics_id > 0) areas.push_back(o.ics_id);
  std::vector<std::pair<std::string, std::string>> dims{{"all", ""},
                                                        {"type", identity::to_string(o.type)}};
  if (o.region_id > 0) dims.emplace_back("region", std::to_string(o.region_id));
  if (o.ics_id > 0) dims.emplace_back("ics", std::to_string(o.ics_id));
  dims.emplace_back("size", size_band(o.staff_count));
  const StatusRecord* latest = nullptr;
  for (const auto& s : statuses)
    if (!latest || s.edition > latest->edition) latest = &s;
  for (int64_t area : areas) {
    for (const auto& [dim, value] : dims) {
      out[{area, "", dim, value, "total"}] += sign;
      for (const auto& s : statuses) out[{area, s.edition, dim, value, s.status}] += sign;
    }
    for (const auto& s : statuses)
      for (const auto& item : s.unmet_items) out[{area, s.edition, "item", item, "unmet"}] += sign;
    if (latest) {
      out[{area, "", "expires", toolkit::london_date(latest->valid_until - 1), "latest"}] += sign;
      if (plan_counts(*latest)) out[{area, "", "plan_due", latest->plan_due_on, "latest"}] += sign;
    }
  }
}

std::optional<Placed> placed(Connection& c, int64_t org_id) {
  auto r = c.exec("SELECT type, region_id, ics_id, staff_count FROM organisations WHERE id = ?",
                  {org_id});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows[0];
  Placed p;
  p.type = identity::org_type_from_string(row.text(0)).value_or(OrgType::other_social_care);
  p.region_id = row.is_null(1) ? 0 : row.integer(1);
  p.ics_id = row.is_null(2) ? 0 : row.integer(2);
  p.staff_count = row.integer(3);
  return p;
}

void contribute(Connection& c, int64_t org_id, int sign, Deltas& out) {
  auto p = placed(c, org_id);
  if (!p || !counted(p->type)) return;
  contribution(*p, statuses_of(c, org_id), sign, out);
}

void counters_changed(Connection& c) {
  c.exec("UPDATE oversight_version SET version = version + 1 WHERE id = 1");
}

void apply_deltas(Connection& c, const Deltas& deltas) {
  bool changed = false;
  for (const auto& [key, delta] : deltas) {
    if (delta == 0) continue;
    changed = true;
    const auto& [area, edition, dim, value, status] = key;
    c.exec(
        "INSERT INTO status_counts (area_id, edition, dimension, value, status, count) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (area_id, edition, dimension, value, status) "
        "DO UPDATE SET count = status_counts.count + excluded.count",
        {area, edition, dim, value, status, delta});
  }
  if (changed) counters_changed(c);
}

std::vector<Counter> to_counters(const Deltas& d) {
  std::vector<Counter> out;
  for (const auto& [key, count] : d) {
    if (count == 0) continue;
    const auto& [area, edition, dim, value, status] = key;
    out.push_back({area, edition, dim, value, status, count});
  }
  return out;
}

std::vector<Counter> read_counters(Connection& c, const std::string& where,
                                   const std::vector<Value>& params) {
  auto r = c.exec(
      "SELECT area_id, edition, dimension, value, status, count FROM status_counts WHERE count "
      "<> 0" +
          where,
      params);
  std::vector<Counter> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows)
    out.push_back(
        {row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4), row.integer(5)});
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::string counted_types_sql() {
  std::string list;
  for (OrgType t : identity::kAllOrgTypes)
    if (counted(t)) list += std::string(list.empty() ? "'" : ", '") + identity::to_string(t) + "'";
  return list;
}

bool counted(OrgType type) {
  switch (type) {
    case OrgType::national:
    case OrgType::region:
    case OrgType::ics:
    case OrgType::support_org:
      return false;
    default:
      return true;
  }
}

const char* size_band(int64_t staff_count) {
  if (staff_count < 10) return "micro";
  if (staff_count < 50) return "small";
  if (staff_count < 250) return "medium";
  return "large";
}

const char* size_band_label(const std::string& band) {
  if (band == "micro") return "Under 10 staff";
  if (band == "small") return "10 to 49 staff";
  if (band == "medium") return "50 to 249 staff";
  if (band == "large") return "250 staff or more";
  return "Unknown";
}

std::vector<StatusRecord> statuses_of(Connection& c, int64_t org_id) {
  auto r = c.exec(std::string("SELECT ") + kStatusColumns +
                      " FROM org_status WHERE org_id = ? ORDER BY edition DESC",
                  {org_id});
  std::vector<StatusRecord> out;
  for (const auto& row : r.rows) out.push_back(status_from_row(row));
  return out;
}

bool record_status(Connection& c, const StatusRecord& s, int64_t now) {
  auto before = statuses_of(c, s.org_id);
  for (const auto& old : before)
    if (old.edition == s.edition && old.status == s.status && old.published_on == s.published_on &&
        old.valid_until == s.valid_until && old.plan_due_on == s.plan_due_on &&
        old.unmet_items == s.unmet_items && old.source == s.source &&
        old.publication_id == s.publication_id)
      return false;
  Deltas d;
  auto p = placed(c, s.org_id);
  if (p) contribution(*p, before, -1, d);
  c.exec(
      "INSERT INTO org_status (org_id, edition, status, published_on, valid_until, plan_due_on, "
      "unmet_items, source, publication_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (org_id, edition) DO UPDATE SET status = excluded.status, published_on = "
      "excluded.published_on, valid_until = excluded.valid_until, plan_due_on = "
      "excluded.plan_due_on, unmet_items = excluded.unmet_items, source = excluded.source, "
      "publication_id = excluded.publication_id, updated_at = excluded.updated_at",
      {s.org_id, s.edition, s.status, s.published_on, s.valid_until, s.plan_due_on,
       join(s.unmet_items), s.source,
       s.publication_id > 0 ? Value(s.publication_id) : cg::store::null(), now});
  if (p) contribution(*p, statuses_of(c, s.org_id), +1, d);
  apply_deltas(c, d);
  return true;
}

void organisation_added(Connection& c, int64_t org_id) {
  Deltas d;
  contribute(c, org_id, +1, d);
  apply_deltas(c, d);
}

void change_organisation(Connection& c, int64_t org_id, const std::function<void()>& change) {
  Deltas d;
  contribute(c, org_id, -1, d);
  change();
  contribute(c, org_id, +1, d);
  apply_deltas(c, d);
}

int64_t oversight_version(Connection& c) {
  return c.exec("SELECT version FROM oversight_version WHERE id = 1").one().integer(0);
}

std::vector<Counter> counters_of(Connection& c, int64_t area_id) {
  return read_counters(c, " AND area_id = ?", {area_id});
}

std::vector<Counter> all_counters(Connection& c) { return read_counters(c, "", {}); }

std::vector<Counter> recount(Connection& c) {
  Deltas d;
  // Totals and statuses by plain grouping in SQL, independent of the incremental path.
  const std::string types = [] {
    std::string list;
    for (OrgType t : identity::kAllOrgTypes)
      if (counted(t))
        list += std::string(list.empty() ? "'" : ", '") + identity::to_string(t) + "'";
    return list;
  }();
  const std::pair<const char*, const char*> areas[] = {{"0", "1 = 1"},
                                                       {"o.region_id", "o.region_id IS NOT NULL"},
                                                       {"o.ics_id", "o.ics_id IS NOT NULL"}};
  const std::pair<const char*, const char*> dims[] = {
      {"all", "''"},
      {"type", "o.type"},
      {"region", "CAST(o.region_id AS TEXT)"},
      {"ics", "CAST(o.ics_id AS TEXT)"},
      {"size",
       "CASE WHEN o.staff_count < 10 THEN 'micro' WHEN o.staff_count < 50 THEN 'small' WHEN "
       "o.staff_count < 250 THEN 'medium' ELSE 'large' END"}};
  for (const auto& [area, area_filter] : areas)
    for (const auto& [dim, expr] : dims) {
      const std::string where = std::string(" WHERE o.type IN (") + types + ") AND " + area_filter +
                                " AND " + expr + " IS NOT NULL";
      auto totals = c.exec(std::string("SELECT ") + area + ", " + expr +
                           ", COUNT(*) FROM organisations o" + where + " GROUP BY 1, 2");
      for (const auto& r : totals.rows)
        d[{r.integer(0), "", dim, r.text(1), "total"}] += r.integer(2);
      auto by_status = c.exec(std::string("SELECT ") + area + ", " + expr +
                              ", s.edition, s.status, COUNT(*) FROM organisations o JOIN "
                              "org_status s ON s.org_id = o.id" +
                              where + " GROUP BY 1, 2, 3, 4");
      for (const auto& r : by_status.rows)
        d[{r.integer(0), r.text(2), dim, r.text(1), r.text(3)}] += r.integer(4);
    }
  // Items, expiry and plans need each organisation's records.
  auto rows = c.exec(std::string("SELECT o.region_id, o.ics_id, s.edition, s.status, ") +
                     "s.valid_until, s.plan_due_on, s.unmet_items, o.id FROM organisations o "
                     "JOIN org_status s ON s.org_id = o.id WHERE o.type IN (" +
                     types + ") ORDER BY o.id, s.edition DESC");
  int64_t previous_org = 0;
  for (const auto& r : rows.rows) {
    std::vector<int64_t> in{0};
    if (!r.is_null(0)) in.push_back(r.integer(0));
    if (!r.is_null(1)) in.push_back(r.integer(1));
    const bool newest = r.integer(7) != previous_org;
    previous_org = r.integer(7);
    for (int64_t area : in) {
      for (const auto& item : split(r.text(6))) d[{area, r.text(2), "item", item, "unmet"}] += 1;
      if (!newest) continue;
      d[{area, "", "expires", toolkit::london_date(r.integer(4) - 1), "latest"}] += 1;
      StatusRecord s;
      s.status = r.text(3);
      s.plan_due_on = r.text(5);
      if (plan_counts(s)) d[{area, "", "plan_due", s.plan_due_on, "latest"}] += 1;
    }
  }
  return to_counters(d);
}

void rebuild(Connection& c) {
  counters_changed(c);
  c.exec("DELETE FROM status_counts");
  for (const auto& k : recount(c))
    c.exec(
        "INSERT INTO status_counts (area_id, edition, dimension, value, status, count) VALUES "
        "(?, ?, ?, ?, ?, ?)",
        {k.area_id, k.edition, k.dimension, k.value, k.status, k.count});
}

void backfill_from_publications(Connection& c, int64_t now) {
  // The newest publication of each organisation and edition.
  auto r = c.exec(
      "SELECT p.id, p.org_id, p.edition, p.edition_deadline, p.status, p.published_at, "
      "p.snapshot FROM publications p WHERE NOT EXISTS (SELECT 1 FROM publications q WHERE "
      "q.org_id = p.org_id AND q.edition = p.edition AND (q.published_at > p.published_at OR "
      "(q.published_at = p.published_at AND q.id > p.id)))");
  for (const auto& row : r.rows) {
    StatusRecord s;
    s.publication_id = row.integer(0);
    s.org_id = row.integer(1);
    s.edition = row.text(2);
    s.valid_until = toolkit::publication_valid_until(row.text(3));
    s.status = row.text(4);
    s.published_on = toolkit::london_date(row.integer(5));
    s.source = "careguard";
    auto snapshot = nlohmann::json::parse(row.text(6), nullptr, false);
    if (snapshot.is_object()) {
      std::set<std::string> unmet;
      for (const auto& item : snapshot.value("items", nlohmann::json::array()))
        if (item.value("mandatory", "none") != "none" && item.value("applies", true) &&
            !item.value("met", false))
          unmet.insert(item.value("id", ""));
      s.unmet_items.assign(unmet.begin(), unmet.end());
      for (const auto& p : snapshot.value("plan", nlohmann::json::array())) {
        const std::string due = p.value("target_date", "");
        if (!due.empty() && unmet.count(p.value("item", "")) &&
            (s.plan_due_on.empty() || due < s.plan_due_on))
          s.plan_due_on = due;
      }
    }
    record_status(c, s, now);
  }
}

void backfill_once(cg::store::Database& db, int64_t now) {
  constexpr const char* kKey = "oversight.backfilled";
  const bool done = db.read([&](Connection& c) {
    return !c.exec("SELECT 1 FROM settings WHERE key = ?", {std::string(kKey)}).empty();
  });
  if (done) return;
  try {
    db.transaction([&](Connection& c) {
      c.exec("INSERT INTO settings (key, value) VALUES (?, ?)",
             {std::string(kKey), std::string("1")});
      backfill_from_publications(c, now);
      rebuild(c);
    });
  } catch (const std::exception&) {
    // Another server did it first; its transaction holds the setting, ours rolled back.
    const bool other_did = db.read([&](Connection& c) {
      return !c.exec("SELECT 1 FROM settings WHERE key = ?", {std::string(kKey)}).empty();
    });
    if (!other_did) throw;
  }
}

}  // namespace cg::oversight
