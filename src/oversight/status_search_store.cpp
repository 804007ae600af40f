#include "oversight/status_search_store.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "core/ascii.h"
#include "oversight/name_index_cache.h"
#include "oversight/summary.h"

namespace cg::oversight::search {

using cg::store::Dialect;
using cg::store::Value;

namespace {

// Organisations `o` with their current status `s` (NULLs when Not Published) and ICS `i`.
std::string select_sql(Dialect d) {
  (void)d;
  return "SELECT o.id, o.name, o.ods_code, o.cqc_location_id, o.type, i.name, s.edition, "
         "s.status, s.published_on FROM organisations o "
         "LEFT JOIN organisations i ON i.id = o.ics_id "
         "LEFT JOIN org_status s ON s.org_id = o.id AND s.edition = (SELECT MAX(x.edition) FROM "
         "org_status x WHERE x.org_id = o.id AND x.valid_until > ?) "
         "WHERE o.type IN (" +
         counted_types_sql() + ")";
}

std::string order_sql(Dialect d) {
  return d == Dialect::sqlite ? " ORDER BY o.name COLLATE NOCASE, o.id"
                              : " ORDER BY lower(o.name), o.id";
}

StatusHit hit_from(const cg::store::Row& r) {
  StatusHit h;
  h.id = r.integer(0);
  h.name = r.text(1);
  h.ods_code = r.text(2);
  h.cqc_location_id = r.text(3);
  h.type = identity::org_type_from_string(r.text(4)).value_or(identity::OrgType::other_social_care);
  h.board = r.text(5);
  h.edition = r.text(6);
  h.status = r.text(7);
  h.published_on = r.text(8);
  return h;
}

std::string like_pattern(const std::string& query) {
  std::string out = "%";
  for (char ch : query) {
    if (ch == '%' || ch == '_' || ch == '\\') out.push_back('\\');
    out.push_back(ascii_lower(ch));
  }
  return out + "%";
}

std::string plain_pattern(const std::string& query) { return "%" + ascii_lower(query) + "%"; }

// One page of organisations, chosen and ordered by `where`, with the ICS name and current status
// (the newest edition still counting at `now`) fetched for the page's rows only.
std::string page_sql(Dialect d, const std::string& where, const std::string& window) {
  const std::string page = " FROM organisations o WHERE " + where + order_sql(d) + window;
  if (d == Dialect::postgres)
    // The page carries every column shown, so nothing outside it reads organisations again:
    // joined back by id, the generic plan PostgreSQL settles on for a prepared statement
    // hashed all of org_status (45 ms) instead of looking up the page's 21 rows.
    return "SELECT o.id, o.name, o.ods_code, o.cqc_location_id, o.type, (SELECT i.name FROM "
           "organisations i WHERE i.id = o.ics_id), s.edition, s.status, s.published_on FROM "
           "(SELECT o.id, o.name, o.ods_code, o.cqc_location_id, o.type, o.ics_id" +
           page +
           ") o LEFT JOIN LATERAL (SELECT x.edition, x.status, x.published_on FROM org_status x "
           "WHERE x.org_id = o.id AND x.valid_until > ? ORDER BY x.edition DESC LIMIT 1) s ON "
           "true" +
           order_sql(d);
  // SQLite has no LATERAL and plans a statement once whatever is bound. Carrying the columns
  // through the page made it slower (60 us a page instead of 56 on the 45,000 dataset), so it
  // keeps joining back by id.
  return "SELECT o.id, o.name, o.ods_code, o.cqc_location_id, o.type, i.name, s.edition, "
         "s.status, s.published_on FROM (SELECT o.id" +
         page +
         ") page JOIN organisations o ON o.id = page.id "
         "LEFT JOIN organisations i ON i.id = o.ics_id "
         "LEFT JOIN org_status s ON s.org_id = o.id AND s.edition = (SELECT MAX(x.edition) FROM "
         "org_status x WHERE x.org_id = o.id AND x.valid_until > ?)" +
         order_sql(d);
}

// The statuses still counting at `now` (a placeholder after the n of the list) of the
// organisations the list names, and the search names version read in the same statement: one
// row with NULL statuses when none has any. What else a result shows is in the index.
std::string statuses_sql(size_t n) {
  std::string in = "x.org_id IN (";
  for (size_t i = 0; i < n; ++i) in += i ? ", ?" : "?";
  return "SELECT v.version, x.org_id, x.edition, x.status, x.published_on FROM "
         "search_names_version v LEFT JOIN org_status x ON " +
         in + ") AND x.valid_until > ? WHERE v.id = 1";
}

// Candidate names from which a search counts as broad (see search_statuses).
constexpr int64_t kBroadSearch = 200;

// Whether a search is broad only decides how its rows are found, never which rows: the same
// query gives the same page either way. So the answer, which costs an index count, is
// remembered for a while per server and pattern. A stale answer costs time, not correctness;
// a server holds at most kRememberedSearches answers, each for kRememberSeconds.
constexpr size_t kRememberedSearches = 1024;
constexpr auto kRememberSeconds = std::chrono::minutes(10);

class BroadSearches {
 public:
  std::optional<bool> find(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = known_.find(key);
    if (it == known_.end() || std::chrono::steady_clock::now() > it->second.until)
      return std::nullopt;
    return it->second.broad;
  }
  void remember(const std::string& key, bool broad) {
    std::lock_guard lock(mutex_);
    if (known_.size() >= kRememberedSearches) known_.clear();
    known_[key] = {broad, std::chrono::steady_clock::now() + kRememberSeconds};
  }

 private:
  struct Known {
    bool broad = false;
    std::chrono::steady_clock::time_point until;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Known> known_;
};

BroadSearches& broad_searches() {
  static BroadSearches searches;
  return searches;
}

// The page of `found` (positions in the index, in list order) with each organisation's current
// status read from the database, and the search names version read in the same statement;
// nullopt if that is not `version`: the index was out of date.
std::optional<HitPage> page_of(Connection& c, const NameIndex& index, const NameMatches& found,
                               int64_t version, int64_t now) {
  if (found.positions.empty()) {
    if (search_names_version(c) != version) return std::nullopt;
    return HitPage{};
  }
  std::vector<Value> params;
  params.reserve(found.positions.size() + 1);
  for (int64_t id : found.ids) params.emplace_back(id);
  params.emplace_back(now);
  auto r = c.exec(statuses_sql(found.ids.size()), params);
  if (r.rows.empty() || r.rows.front().integer(0) != version) return std::nullopt;
  HitPage out;
  out.more = found.more;
  out.items.reserve(found.positions.size());
  for (uint32_t pos : found.positions) {
    const ListedName listed = index.listed(pos);
    StatusHit h;
    h.id = listed.id;
    h.name = listed.name;
    h.ods_code = listed.ods_code;
    h.cqc_location_id = listed.cqc_location_id;
    h.type = identity::org_type_from_string(std::string(listed.type))
                 .value_or(identity::OrgType::other_social_care);
    h.board = listed.board;
    // The newest edition still counting, as the SQL search picks it.
    for (const auto& row : r.rows)
      if (!row.is_null(1) && row.integer(1) == h.id && row.text(2) > h.edition) {
        h.edition = row.text(2);
        h.status = row.text(3);
        h.published_on = row.text(4);
      }
    out.items.push_back(std::move(h));
  }
  return out;
}

}  // namespace

std::optional<HitPage> search_kept(Connection& c, NameIndexCache& names, const std::string& query,
                                   int page, int per_page, int64_t now) {
  const size_t skip = static_cast<size_t>(std::max(0, page - 1)) * static_cast<size_t>(per_page);
  KeptNames kept = names.current();
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (kept.index) {
      auto out =
          page_of(c, *kept.index, kept.index->find(query, skip, static_cast<size_t>(per_page)),
                  kept.version, now);
      if (out) return out;
    }
    kept = names.refresh(c);
    if (!kept.index) return std::nullopt;  // another request is reading the names
  }
  return std::nullopt;
}

std::vector<NameEntry> listed_names(Connection& c) {
  auto r = c.exec(
      "SELECT o.id, o.name, o.ods_code, o.cqc_location_id, o.type, i.name FROM organisations o "
      "LEFT JOIN organisations i ON i.id = o.ics_id WHERE o.type IN (" +
      counted_types_sql() + ")");
  std::vector<NameEntry> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows)
    out.push_back(
        {row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5)});
  return out;
}

int64_t search_names_version(Connection& c) {
  return c.exec("SELECT version FROM search_names_version WHERE id = 1").one().integer(0);
}

HitPage search_statuses(Connection& c, const std::string& query, int page, int per_page,
                        int64_t now, NameIndexCache* names) {
  if (names != nullptr)
    if (auto found = search_kept(c, *names, query, page, per_page, now)) return *found;
  const Dialect d = c.dialect();
  // The page of organisations is chosen first, by name; statuses are fetched for its rows only.
  std::string where = "o.type IN (" + counted_types_sql() + ")";
  std::vector<Value> params;
  if (!query.empty()) {
    // Names are found through a trigram index (migration 0007), codes through their unique
    // indexes. SQLite's trigram index cannot take an ESCAPE clause, so a search containing a
    // LIKE wildcard reads the names directly.
    const bool wildcard = query.find_first_of("%_\\") != std::string::npos;
    std::string by_name;
    if (d == Dialect::postgres)
      by_name = "SELECT id FROM organisations WHERE lower(name) LIKE ? ESCAPE '\\'";
    else if (!wildcard)
      by_name =
          "SELECT rowid FROM organisations_name_search WHERE organisations_name_search.name "
          "LIKE ?";
    else
      by_name = "SELECT id FROM organisations WHERE name LIKE ? ESCAPE '\\'";
    const Value pattern =
        d == Dialect::sqlite && !wildcard ? plain_pattern(query) : like_pattern(query);
    // A word found in many names ("care") would make the index hand back thousands of rows
    // to be sorted for one page. Then it is cheaper to walk the names in order and stop at
    // the page: matches are frequent enough that the walk is short. The rows are the same.
    const std::string key = std::string(d == Dialect::postgres ? "p" : "s") + by_name + "\n" +
                            std::get<std::string>(pattern);
    std::optional<bool> known = broad_searches().find(key);
    const bool broad = known ? *known
                             : c.exec("SELECT COUNT(*) FROM (" + by_name + " LIMIT ?) candidates",
                                      {pattern, kBroadSearch})
                                       .one()
                                       .integer(0) >= kBroadSearch;
    if (!known) broad_searches().remember(key, broad);
    Value name_arg = pattern;
    if (!broad) {
      where += " AND o.id IN (" + by_name +
               " UNION SELECT id FROM organisations WHERE ods_code = ? UNION SELECT id FROM "
               "organisations WHERE cqc_location_id = ?)";
    } else if (d == Dialect::postgres) {
      // strpos rather than LIKE: for a LIKE pattern PostgreSQL's plan for the actual pattern
      // always looks cheaper than a generic one, so it planned every search afresh, which
      // took longer than running it. A plain substring test needs no escaping either.
      where += " AND (strpos(lower(o.name), ?) > 0 OR o.ods_code = ? OR o.cqc_location_id = ?)";
      name_arg = ascii_lower(query);
    } else {
      where += " AND (o.name LIKE ? ESCAPE '\\' OR o.ods_code = ? OR o.cqc_location_id = ?)";
      name_arg = like_pattern(query);
    }
    params.push_back(std::move(name_arg));
    params.push_back(ascii_upper(query));
    params.push_back(query);
  }
  const int64_t limit = per_page + 1;
  const int64_t offset = static_cast<int64_t>(std::max(0, page - 1)) * per_page;
  std::string window;
  if (d == Dialect::postgres) {
    // Written into the text, not bound: with a parameter LIMIT PostgreSQL costs a generic
    // plan as if it returned a tenth of the table and so plans every search afresh. Both are
    // integers computed here, never text from the request. Each page is its own statement,
    // which the connection's bounded statement cache absorbs.
    window = " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset);
  } else {
    // SQLite plans once per statement whatever is bound, so one statement serves every page.
    window = " LIMIT ? OFFSET ?";
    params.push_back(limit);
    params.push_back(offset);
  }
  params.push_back(now);
  auto r = c.exec(page_sql(d, where, window), params);
  HitPage out;
  for (const auto& row : r.rows) out.items.push_back(hit_from(row));
  if (out.items.size() > static_cast<size_t>(per_page)) {
    out.more = true;
    out.items.resize(per_page);
  }
  return out;
}

void each_status(Connection& c, int64_t now, const std::function<void(const StatusHit&)>& visit) {
  auto r = c.exec(select_sql(c.dialect()) + order_sql(c.dialect()), {now});
  for (const auto& row : r.rows) visit(hit_from(row));
}

}  // namespace cg::oversight::search
