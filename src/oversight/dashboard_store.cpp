#include "oversight/dashboard_store.h"

#include <algorithm>

#include "core/error.h"
#include "identity/store/org_store.h"
#include "toolkit/answers/answer_input.h"

namespace cg::oversight {

using cg::store::Value;

namespace {

// Organisation types that are counted, as a SQL list: 'care_home', 'home_care', ...
std::string counted_types_sql() {
  std::string list;
  for (identity::OrgType t : identity::kAllOrgTypes)
    if (counted(t)) list += std::string(list.empty() ? "'" : ", '") + identity::to_string(t) + "'";
  return list;
}

std::string size_condition(const std::string& band) {
  if (band == "micro") return "o.staff_count < 10";
  if (band == "small") return "o.staff_count >= 10 AND o.staff_count < 50";
  if (band == "medium") return "o.staff_count >= 50 AND o.staff_count < 250";
  if (band == "large") return "o.staff_count >= 250";
  throw Error(ErrorCode::bad_request, "Unknown size band: " + band);
}

std::string like_pattern(const std::string& text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out.push_back('\\');
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  }
  return out + "%";
}

constexpr const char* kStatusOrder =
    "CASE COALESCE(s.status, 'not_published') WHEN 'not_published' THEN 0 WHEN 'not_met' THEN 1 "
    "WHEN 'approaching' THEN 2 WHEN 'met' THEN 3 WHEN 'exceeded' THEN 4 ELSE 5 END";
constexpr const char* kNewestValidUntil =
    "(SELECT MAX(x.valid_until) FROM org_status x WHERE x.org_id = o.id)";

std::string order_by(const std::string& sort, bool descending) {
  std::string key;
  if (sort == "name")
    key = "o.name";
  else if (sort == "type")
    key = "o.type";
  else if (sort == "size")
    key = "o.staff_count";
  else if (sort == "status")
    key = kStatusOrder;
  else if (sort == "published")
    key = "COALESCE(s.published_on, '')";
  else if (sort == "expires")
    key = std::string("COALESCE(") + kNewestValidUntil + ", 0)";
  else
    throw Error(ErrorCode::bad_request, "Unknown sort: " + sort);
  const std::string dir = descending ? " DESC" : " ASC";
  // Ties by name then id, so pages never overlap or skip.
  if (sort == "name") return " ORDER BY o.name" + dir + ", o.id" + dir;
  return " ORDER BY " + key + dir + ", o.name" + dir + ", o.id" + dir;
}

}  // namespace

std::map<int64_t, std::string> names_of(Connection& c, const std::vector<int64_t>& ids) {
  std::map<int64_t, std::string> out;
  if (ids.empty()) return out;
  std::string sql = "SELECT id, name FROM organisations WHERE id IN (";
  std::vector<Value> params;
  for (size_t i = 0; i < ids.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.emplace_back(ids[i]);
  }
  for (const auto& r : c.exec(sql + ")", params).rows) out[r.integer(0)] = r.text(1);
  return out;
}

OrgTable org_table(Connection& c, const OrgTableQuery& q) {
  std::vector<Value> params{q.edition};
  std::string where = " WHERE o.type IN (" + counted_types_sql() + ")";
  if (q.kind == AreaKind::region) {
    where += " AND o.region_id = ?";
    params.emplace_back(q.area_id);
  } else if (q.kind == AreaKind::ics) {
    where += " AND o.ics_id = ?";
    params.emplace_back(q.area_id);
  }
  if (!q.status.empty()) {
    if (status_index(q.status) < 0)
      throw Error(ErrorCode::bad_request, "Unknown status: " + q.status);
    if (q.status == "not_published") {
      where += " AND s.org_id IS NULL";
    } else {
      where += " AND s.status = ?";
      params.emplace_back(q.status);
    }
  }
  if (!q.type.empty()) {
    auto t = identity::org_type_from_string(q.type);
    if (!t || !counted(*t))
      throw Error(ErrorCode::bad_request, "Unknown organisation type: " + q.type);
    where += " AND o.type = ?";
    params.emplace_back(q.type);
  }
  if (!q.size.empty()) where += " AND " + size_condition(q.size);
  if (!q.name.empty()) {
    where += " AND lower(o.name) LIKE ? ESCAPE '\\'";
    params.emplace_back(like_pattern(q.name));
  }
  const std::string from =
      " FROM organisations o LEFT JOIN org_status s ON s.org_id = o.id AND s.edition = ?";

  OrgTable out;
  out.total = q.known_total >= 0
                  ? q.known_total
                  : c.exec("SELECT COUNT(*)" + from + where, params).one().integer(0);
  const int64_t size = q.page_size > 0 ? q.page_size : std::max<int64_t>(out.total, 1);
  out.pages = (out.total + size - 1) / size;
  // The page first, from the organisations and the edition's statuses alone (sorting by name
  // walks the area's (area, name) index and stops at the page); then when each one's newest
  // publication stops counting, for those rows only.
  std::string sql = std::string(
                        "SELECT o.id, o.name, o.ods_code, o.type, o.staff_count, s.status, "
                        "s.published_on, s.plan_due_on") +
                    from + where + order_by(q.sort, q.descending);
  if (q.page_size > 0) {
    sql += " LIMIT ? OFFSET ?";
    params.emplace_back(q.page_size);
    params.emplace_back((std::max<int64_t>(q.page, 1) - 1) * q.page_size);
  }
  std::map<int64_t, size_t> index;
  for (const auto& r : c.exec(sql, params).rows) {
    OrgTableRow row;
    row.id = r.integer(0);
    row.name = r.text(1);
    row.ods_code = r.text(2);
    row.type = r.text(3);
    row.staff_count = r.integer(4);
    row.status = r.is_null(5) ? "not_published" : r.text(5);
    row.published_on = r.text(6);
    if (row.status == "not_met" || row.status == "approaching") row.plan_due_on = r.text(7);
    index[row.id] = out.rows.size();
    out.rows.push_back(std::move(row));
  }
  constexpr size_t kChunk = 500;
  for (size_t from_row = 0; from_row < out.rows.size(); from_row += kChunk) {
    std::string ids;
    std::vector<Value> chunk;
    for (size_t i = from_row; i < std::min(out.rows.size(), from_row + kChunk); ++i) {
      ids += ids.empty() ? "?" : ", ?";
      chunk.emplace_back(out.rows[i].id);
    }
    for (const auto& r :
         c.exec("SELECT org_id, MAX(valid_until) FROM org_status WHERE org_id IN (" + ids +
                    ") GROUP BY org_id",
                chunk)
             .rows)
      out.rows[index.at(r.integer(0))].valid_until = r.integer(1);
  }
  return out;
}

PortfolioVersions portfolio_versions(Connection& c, int64_t support_org_id) {
  const auto row = c.exec(
                        "SELECT (SELECT version FROM oversight_version WHERE id = 1), "
                        "(SELECT version FROM portfolio_versions WHERE support_org_id = ?)",
                        {support_org_id})
                       .one();
  return {row.integer(0), row.is_null(1) ? 0 : row.integer(1)};
}

std::vector<ProviderFacts> portfolio_facts(Connection& c, int64_t support_org_id,
                                           const toolkit::Framework* edition) {
  std::vector<ProviderFacts> out;
  std::map<int64_t, size_t> index;
  for (auto& org : identity::store::portfolio_of(c, support_org_id)) {
    index[org.id] = out.size();
    ProviderFacts f;
    f.org = std::move(org);
    out.push_back(std::move(f));
  }
  if (out.empty()) return out;

  // Every status of every provider, newest edition first.
  auto statuses = c.exec(
      "SELECT s.org_id, s.edition, s.status, s.published_on, s.valid_until, s.plan_due_on, "
      "s.unmet_items, s.source, s.publication_id FROM org_status s JOIN portfolio p ON "
      "p.provider_id = s.org_id WHERE p.support_org_id = ? ORDER BY s.org_id, s.edition DESC",
      {support_org_id});
  for (const auto& r : statuses.rows) {
    auto it = index.find(r.integer(0));
    if (it == index.end()) continue;
    StatusRecord s;
    s.org_id = r.integer(0);
    s.edition = r.text(1);
    s.status = r.text(2);
    s.published_on = r.text(3);
    s.valid_until = r.integer(4);
    s.plan_due_on = r.text(5);
    const std::string items = r.text(6);
    for (size_t start = 0; start < items.size();) {
      size_t comma = items.find(',', start);
      if (comma == std::string::npos) comma = items.size();
      if (comma > start) s.unmet_items.push_back(items.substr(start, comma - start));
      start = comma + 1;
    }
    s.source = r.text(7);
    s.publication_id = r.is_null(8) ? 0 : r.integer(8);
    out[it->second].statuses.push_back(std::move(s));
  }
  if (!edition) return out;

  // The edition's assessments and their answers, in two queries for the whole portfolio.
  auto assessments = c.exec(
      "SELECT a.org_id, a.updated_at FROM assessments a JOIN portfolio p ON p.provider_id = "
      "a.org_id WHERE p.support_org_id = ? AND a.framework_id = ? AND a.edition = ?",
      {support_org_id, edition->id, edition->edition});
  for (const auto& r : assessments.rows) {
    auto it = index.find(r.integer(0));
    if (it == index.end()) continue;
    out[it->second].started = true;
    out[it->second].last_activity = r.integer(1);
  }
  std::map<int64_t, std::map<std::string, bool>> answered;  // org -> item -> answered
  auto answers = c.exec(
      "SELECT a.org_id, w.item_id, w.value, w.carried_over FROM answers w JOIN assessments a ON "
      "a.id = w.assessment_id JOIN portfolio p ON p.provider_id = a.org_id WHERE "
      "p.support_org_id = ? AND a.framework_id = ? AND a.edition = ?",
      {support_org_id, edition->id, edition->edition});
  for (const auto& r : answers.rows) {
    // As the task list counts them: a carried-over answer counts once someone confirms it.
    const bool present = toolkit::answer_from_json(r.text(2), 0).value.present;
    answered[r.integer(0)][r.text(1)] = present && !r.boolean(3);
  }
  const auto items = edition->all_items();
  for (auto& f : out) {
    if (!f.started) continue;
    const std::string type = identity::to_string(f.org.type);
    const auto& mine = answered[f.org.id];
    for (const toolkit::Item* item : items) {
      if (item->mandatory == toolkit::Mandatory::none) continue;
      if (!toolkit::item_applies(*item, type, f.org.staff_count)) continue;
      auto a = mine.find(item->id);
      const bool done = a != mine.end() && a->second;
      if (item->mandatory == toolkit::Mandatory::approaching) {
        ++f.approaching_answered.whole;
        f.approaching_answered.part += done;
      }
      ++f.met_answered.whole;
      f.met_answered.part += done;
    }
  }
  return out;
}

}  // namespace cg::oversight
