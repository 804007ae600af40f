#include "oversight/import/import_store.h"

#include <algorithm>

#include "identity/store/org_store.h"

namespace cg::oversight::import::store {

using cg::store::Value;

namespace {
Value id_or_null(int64_t id) { return id > 0 ? Value(id) : cg::store::null(); }
}  // namespace

std::vector<identity::Organisation> all_ics(Connection& c) {
  auto r = c.exec("SELECT id FROM organisations WHERE type = 'ics' ORDER BY id");
  std::vector<identity::Organisation> out;
  for (const auto& row : r.rows)
    if (auto o = identity::store::find_org(c, row.integer(0))) out.push_back(*o);
  return out;
}

std::unordered_map<std::string, KnownOrg> orgs_by_code(Connection& c) {
  auto r = c.exec(
      "SELECT ods_code, id, path, type, name, ics_id FROM organisations WHERE ods_code IS NOT "
      "NULL");
  std::unordered_map<std::string, KnownOrg> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) {
    KnownOrg o;
    o.id = row.integer(1);
    o.path = row.text(2);
    o.type =
        identity::org_type_from_string(row.text(3)).value_or(identity::OrgType::other_social_care);
    o.name = row.text(4);
    o.ics_id = row.is_null(5) ? 0 : row.integer(5);
    out.emplace(row.text(0), std::move(o));
  }
  return out;
}

std::map<std::pair<int64_t, std::string>, StatusRecord> all_statuses(Connection& c) {
  auto r = c.exec(
      "SELECT org_id, edition, status, published_on, valid_until, plan_due_on, unmet_items, "
      "source, publication_id FROM org_status");
  std::map<std::pair<int64_t, std::string>, StatusRecord> out;
  for (const auto& row : r.rows) {
    StatusRecord s;
    s.org_id = row.integer(0);
    s.edition = row.text(1);
    s.status = row.text(2);
    s.published_on = row.text(3);
    s.valid_until = row.integer(4);
    s.plan_due_on = row.text(5);
    if (!row.text(6).empty()) s.unmet_items.push_back(row.text(6));  // compared as one string
    s.source = row.text(7);
    s.publication_id = row.is_null(8) ? 0 : row.integer(8);
    out.emplace(std::make_pair(s.org_id, s.edition), std::move(s));
  }
  return out;
}

std::unordered_map<std::string, int64_t> insert_providers(Connection& c,
                                                          const std::vector<NewProvider>& orgs,
                                                          int64_t now) {
  constexpr size_t kPerStatement = 400;
  std::unordered_map<std::string, int64_t> ids;
  std::map<int64_t, const identity::Organisation*> parents;
  for (size_t first = 0; first < orgs.size(); first += kPerStatement) {
    const size_t end = std::min(orgs.size(), first + kPerStatement);
    std::string sql =
        "INSERT INTO organisations (parent_id, path, type, name, ods_code, region_id, ics_id, "
        "staff_count, people_supported, created_at, updated_at) VALUES ";
    std::vector<Value> params;
    params.reserve((end - first) * 8);
    for (size_t i = first; i < end; ++i) {
      const auto& o = orgs[i];
      sql += std::string(i == first ? "" : ", ") + "(?, '/', ?, ?, ?, ?, ?, 0, 0, ?, ?)";
      params.insert(params.end(), {o.ics->id, std::string(identity::to_string(o.type)), o.name,
                                   o.ods_code, id_or_null(o.ics->region_id), o.ics->id, now, now});
      parents.emplace(o.ics->id, o.ics);
    }
    auto r = c.exec(sql + " RETURNING id, ods_code", params);
    for (const auto& row : r.rows) ids.emplace(row.text(1), row.integer(0));
  }
  // Each new organisation's path is its ICS's path and its own id.
  for (const auto& [id, ics] : parents)
    c.exec(
        "UPDATE organisations SET path = CAST(? AS TEXT) || CAST(id AS TEXT) || '/' WHERE "
        "parent_id = ? AND path = '/'",
        {ics->path, id});
  return ids;
}

void rename(Connection& c, int64_t org_id, const std::string& name, int64_t now) {
  c.exec("UPDATE organisations SET name = ?, updated_at = ? WHERE id = ?", {name, now, org_id});
}

void move_under(Connection& c, const KnownOrg& org, const identity::Organisation& ics,
                int64_t now) {
  const std::string old_path = org.path;
  const std::string new_path = ics.path + std::to_string(org.id) + "/";
  c.exec(
      "UPDATE organisations SET path = CAST(? AS TEXT) || substr(path, ?), region_id = ?, "
      "ics_id = ?, updated_at = ? WHERE substr(path, 1, ?) = ?",
      {new_path, static_cast<int64_t>(old_path.size() + 1), id_or_null(ics.region_id), ics.id, now,
       static_cast<int64_t>(old_path.size()), old_path});
  c.exec("UPDATE organisations SET parent_id = ? WHERE id = ?", {ics.id, org.id});
}

void put_statuses(Connection& c, const std::vector<StatusRecord>& statuses, int64_t now) {
  constexpr size_t kPerStatement = 400;
  for (size_t first = 0; first < statuses.size(); first += kPerStatement) {
    const size_t end = std::min(statuses.size(), first + kPerStatement);
    std::string sql =
        "INSERT INTO org_status (org_id, edition, status, published_on, valid_until, "
        "plan_due_on, unmet_items, source, publication_id, updated_at) VALUES ";
    std::vector<Value> params;
    params.reserve((end - first) * 7);
    for (size_t i = first; i < end; ++i) {
      const auto& s = statuses[i];
      sql += std::string(i == first ? "" : ", ") + "(?, ?, ?, ?, ?, '', '', ?, NULL, ?)";
      params.insert(params.end(),
                    {s.org_id, s.edition, s.status, s.published_on, s.valid_until, s.source, now});
    }
    c.exec(sql +
               " ON CONFLICT (org_id, edition) DO UPDATE SET status = excluded.status, "
               "published_on = excluded.published_on, valid_until = excluded.valid_until, "
               "plan_due_on = '', unmet_items = '', source = excluded.source, publication_id = "
               "NULL, updated_at = excluded.updated_at",
           params);
  }
}

}  // namespace cg::oversight::import::store
