#include "oversight/dashboard_store.h"

#include <algorithm>

#include "core/error.h"
#include "identity/store/org_store.h"
#include "oversight/summary.h"
#include "toolkit/answers/answer_input.h"
#include "toolkit/scoring/london_time.h"

namespace cg::oversight {

using cg::store::Value;

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

std::vector<OrgTableRow> area_rows(Connection& c, AreaKind kind, int64_t area_id,
                                   const std::string& edition) {
  std::vector<Value> params{edition};
  std::string sql =
      "SELECT o.id, o.name, o.ods_code, o.type, o.staff_count, s.status, s.published_on, "
      "s.plan_due_on, (SELECT MAX(x.valid_until) FROM org_status x WHERE x.org_id = o.id) "
      "FROM organisations o LEFT JOIN org_status s ON s.org_id = o.id AND s.edition = ? "
      "WHERE o.type IN (" +
      counted_types_sql() + ")";
  if (kind == AreaKind::region) {
    sql += " AND o.region_id = ?";
    params.emplace_back(area_id);
  } else if (kind == AreaKind::ics) {
    sql += " AND o.ics_id = ?";
    params.emplace_back(area_id);
  }
  std::vector<OrgTableRow> out;
  auto result = c.exec(sql, params);
  out.reserve(result.rows.size());
  for (const auto& r : result.rows) {
    OrgTableRow row;
    row.id = r.integer(0);
    row.name = r.text(1);
    row.ods_code = r.text(2);
    row.type = r.text(3);
    row.staff_count = r.integer(4);
    row.status = r.is_null(5) ? "not_published" : r.text(5);
    row.published_on = r.text(6);
    if (row.status == "not_met" || row.status == "approaching") row.plan_due_on = r.text(7);
    row.valid_until = r.is_null(8) ? 0 : r.integer(8);
    if (row.valid_until > 0) row.counts_until = toolkit::london_date(row.valid_until - 1);
    out.push_back(std::move(row));
  }
  return out;
}

OrgTable org_table(Connection& c, const OrgTableQuery& q) {
  return table_page(sort_area(area_rows(c, q.kind, q.area_id, q.edition)), q);
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
