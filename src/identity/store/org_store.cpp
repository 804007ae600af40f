#include "identity/store/org_store.h"

#include "core/ascii.h"
#include "core/error.h"
#include "oversight/summary.h"

namespace cg::identity::store {

using cg::store::Row;
using cg::store::Value;

namespace {

constexpr const char* kColumns =
    "o.id, o.parent_id, o.path, o.type, o.name, o.ods_code, o.cqc_location_id, o.region_id, "
    "o.ics_id, o.staff_count, o.people_supported, o.created_at, o.updated_at";

Organisation from_row(const Row& r) {
  Organisation o;
  o.id = r.integer(0);
  o.parent_id = r.is_null(1) ? 0 : r.integer(1);
  o.path = r.text(2);
  o.type = org_type_from_string(r.text(3)).value_or(OrgType::other_social_care);
  o.name = r.text(4);
  o.ods_code = r.text(5);
  o.cqc_location_id = r.text(6);
  o.region_id = r.is_null(7) ? 0 : r.integer(7);
  o.ics_id = r.is_null(8) ? 0 : r.integer(8);
  o.staff_count = r.integer(9);
  o.people_supported = r.integer(10);
  o.created_at = r.integer(11);
  o.updated_at = r.integer(12);
  return o;
}

Value id_or_null(int64_t id) { return id > 0 ? Value(id) : cg::store::null(); }

// The tenant scope: organisations `o` visible to person ?. Mirrors policy.cpp's view_org.
// The tenant scope: organisations `o` visible to person ? (optionally through the memberships
// in one organisation only, as for an API token). Mirrors policy.cpp's view_org.
std::string visible_to(bool one_membership_org) {
  return std::string(
             "EXISTS (SELECT 1 FROM memberships m JOIN organisations mo ON mo.id = m.org_id "
             "WHERE m.person_id = ?") +
         (one_membership_org ? " AND m.org_id = ?" : "") +
         " AND ("
         " m.role = 'national_admin'"
         " OR o.id = m.org_id"
         " OR (m.role IN ('org_lead', 'analyst', 'auditor')"
         "     AND substr(o.path, 1, length(mo.path)) = mo.path)"
         " OR (m.role IN ('support_adviser', 'org_lead') AND EXISTS ("
         "     SELECT 1 FROM portfolio p JOIN organisations po ON po.id = p.provider_id"
         "     WHERE p.support_org_id = m.org_id AND substr(o.path, 1, length(po.path)) = "
         "po.path))))";
}

}  // namespace

std::optional<Organisation> find_org(Connection& c, int64_t id) {
  auto r = c.exec(std::string("SELECT ") + kColumns + " FROM organisations o WHERE o.id = ?", {id});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows[0]);
}

std::optional<Organisation> find_org_by_code(Connection& c, const std::string& code) {
  auto r = c.exec(std::string("SELECT ") + kColumns +
                      " FROM organisations o WHERE o.ods_code = ? OR o.cqc_location_id = ?",
                  {code, code});
  if (r.empty()) return std::nullopt;
  return from_row(r.rows[0]);
}

std::optional<Organisation> find_national(Connection& c) {
  auto r = c.exec(std::string("SELECT ") + kColumns +
                  " FROM organisations o WHERE o.type = 'national' ORDER BY o.id LIMIT 1");
  if (r.empty()) return std::nullopt;
  return from_row(r.rows[0]);
}

void insert_org(Connection& c, Organisation& org) {
  std::string parent_path = "/";
  org.region_id = 0;
  org.ics_id = 0;
  if (org.parent_id > 0) {
    auto parent = find_org(c, org.parent_id);
    if (!parent)
      throw Error(ErrorCode::validation, "The parent organisation does not exist",
                  {{"parent_id", "Select an organisation that exists"}});
    parent_path = parent->path;
    org.region_id = parent->type == OrgType::region ? parent->id : parent->region_id;
    org.ics_id = parent->type == OrgType::ics ? parent->id : parent->ics_id;
  }
  auto r = c.exec(
      "INSERT INTO organisations (parent_id, path, type, name, ods_code, cqc_location_id, "
      "region_id, ics_id, staff_count, people_supported, created_at, updated_at) "
      "VALUES (?, '/', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {id_or_null(org.parent_id), std::string(to_string(org.type)), org.name,
       cg::store::text_or_null(org.ods_code), cg::store::text_or_null(org.cqc_location_id),
       id_or_null(org.region_id), id_or_null(org.ics_id), org.staff_count, org.people_supported,
       org.created_at, org.updated_at});
  org.id = r.one().integer(0);
  org.path = parent_path + std::to_string(org.id) + "/";
  c.exec("UPDATE organisations SET path = ? WHERE id = ?", {org.path, org.id});
  // Sector counters move with every organisation, in the same transaction.
  oversight::organisation_added(c, org.id);
}

void update_org(Connection& c, const Organisation& org) {
  oversight::change_organisation(c, org.id, [&] {
    c.exec(
        "UPDATE organisations SET name = ?, ods_code = ?, cqc_location_id = ?, staff_count = ?, "
        "people_supported = ?, updated_at = ? WHERE id = ?",
        {org.name, cg::store::text_or_null(org.ods_code),
         cg::store::text_or_null(org.cqc_location_id), org.staff_count, org.people_supported,
         org.updated_at, org.id});
  });
}

std::vector<Organisation> child_orgs(Connection& c, int64_t parent_id) {
  auto r = c.exec(std::string("SELECT ") + kColumns +
                      " FROM organisations o WHERE o.parent_id = ? ORDER BY o.name, o.id",
                  {parent_id});
  std::vector<Organisation> out;
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

OrgPage visible_orgs(Connection& c, int64_t person_id, const std::string& search, int64_t after_id,
                     int limit, int64_t membership_org_id) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM organisations o WHERE " +
                    visible_to(membership_org_id > 0) + " AND o.id > ?";
  std::vector<Value> params = {person_id};
  if (membership_org_id > 0) params.push_back(membership_org_id);
  params.push_back(after_id);
  if (!search.empty()) {
    sql += " AND (lower(o.name) LIKE ? ESCAPE '\\' OR o.ods_code = ? OR o.cqc_location_id = ?)";
    std::string pattern;
    for (char ch : search) {
      char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower == '%' || lower == '_' || lower == '\\') pattern.push_back('\\');
      pattern.push_back(lower);
    }
    params.push_back("%" + pattern + "%");
    params.push_back(ascii_upper(search));
    params.push_back(search);
  }
  sql += " ORDER BY o.id LIMIT ?";
  params.push_back(static_cast<int64_t>(limit + 1));
  auto r = c.exec(sql, params);
  OrgPage page;
  for (const auto& row : r.rows) page.items.push_back(from_row(row));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_after = page.items.back().id;
  }
  return page;
}

bool is_visible(Connection& c, int64_t person_id, int64_t org_id) {
  auto r =
      c.exec(std::string("SELECT 1 FROM organisations o WHERE o.id = ? AND ") + visible_to(false),
             {org_id, person_id});
  return !r.empty();
}

bool in_portfolio(Connection& c, int64_t support_org_id, int64_t provider_id) {
  return !c.exec("SELECT 1 FROM portfolio WHERE support_org_id = ? AND provider_id = ?",
                 {support_org_id, provider_id})
              .empty();
}

std::vector<Organisation> supporters_of(Connection& c, int64_t provider_id) {
  auto r = c.exec(std::string("SELECT ") + kColumns +
                      " FROM organisations o JOIN portfolio p ON p.support_org_id = o.id "
                      "WHERE p.provider_id = ? ORDER BY o.name, o.id",
                  {provider_id});
  std::vector<Organisation> out;
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

void add_to_portfolio(Connection& c, int64_t support_org_id, int64_t provider_id, int64_t now) {
  if (in_portfolio(c, support_org_id, provider_id)) return;
  c.exec("INSERT INTO portfolio (support_org_id, provider_id, added_at) VALUES (?, ?, ?)",
         {support_org_id, provider_id, now});
}

bool remove_from_portfolio(Connection& c, int64_t support_org_id, int64_t provider_id) {
  return c.exec("DELETE FROM portfolio WHERE support_org_id = ? AND provider_id = ?",
                {support_org_id, provider_id})
             .affected > 0;
}

std::vector<Organisation> portfolio_of(Connection& c, int64_t support_org_id) {
  auto r = c.exec(std::string("SELECT ") + kColumns +
                      " FROM organisations o JOIN portfolio p ON p.provider_id = o.id "
                      "WHERE p.support_org_id = ? ORDER BY o.name, o.id",
                  {support_org_id});
  std::vector<Organisation> out;
  for (const auto& row : r.rows) out.push_back(from_row(row));
  return out;
}

}  // namespace cg::identity::store
