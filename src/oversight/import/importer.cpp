#include "oversight/import/importer.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "core/error.h"
#include "identity/audit.h"
#include "identity/service.h"
#include "identity/store/audit_store.h"
#include "identity/store/org_store.h"
#include "oversight/import/import_store.h"
#include "oversight/public_status.h"
#include "oversight/summary.h"
#include "toolkit/content/loader.h"
#include "toolkit/scoring/london_time.h"
#include "toolkit/scoring/status.h"

namespace cg::oversight::import {

using cg::store::Connection;
using identity::Organisation;

namespace {

enum class Outcome { created, updated, unchanged };

// A reason a row cannot be applied, found before or while writing it.
struct RowRefused {
  std::string reason;
};

struct Boards {
  std::unordered_map<std::string, Organisation> by_key;
  std::unordered_map<std::string, int> count;  // keys shared by two ICSs are ambiguous
};

Boards load_boards(Connection& c) {
  Boards b;
  for (auto& ics : store::all_ics(c)) {
    const std::string key = area_key(ics.name);
    b.count[key] += 1;
    b.by_key.emplace(key, std::move(ics));
  }
  return b;
}

class RowApplier {
 public:
  RowApplier(Connection& c, const Boards& boards, const ImportOptions& options, int64_t now)
      : c_(c),
        boards_(boards),
        options_(options),
        now_(now),
        orgs_(store::orgs_by_code(c)),
        statuses_(store::all_statuses(c)) {}

  // Checks the row against what exists, then writes it; throws RowRefused before any write.
  Outcome apply(const StatusRow& row) {
    const Organisation* ics = board_of(row);
    auto found = orgs_.find(row.code);
    const StatusRecord* old_status = nullptr;
    if (found == orgs_.end()) {
      if (!ics)
        throw RowRefused{
            "Integrated Care Board is empty: a new organisation needs one to be placed in an ICS"};
    } else {
      const store::KnownOrg& org = found->second;
      if (!identity::is_provider_type(org.type) || org.type == identity::OrgType::supplier)
        throw RowRefused{"Code " + row.code + " belongs to " + org.name + ", which is " +
                         article(identity::org_type_label(org.type)) +
                         " and has no status of its own"};
      if (auto s = statuses_.find({org.id, row.edition}); s != statuses_.end())
        old_status = &s->second;
    }
    // Nothing is refused from here on: write, or queue the write for flush().
    Outcome outcome = Outcome::unchanged;
    int64_t org_id = 0;
    if (found == orgs_.end()) {
      fresh_.push_back({ics, row.type, row.name, row.code});
      orgs_.emplace(row.code, store::KnownOrg{0, "", row.type, row.name, ics->id});
      outcome = Outcome::created;
    } else {
      store::KnownOrg& org = found->second;
      org_id = org.id;
      if (org.name != row.name) {
        store::rename(c_, org.id, row.name, now_);
        org.name = row.name;
        outcome = Outcome::updated;
      }
      if (ics && org.ics_id != ics->id) {
        store::move_under(c_, org, *ics, now_);
        org.ics_id = ics->id;
        org.path = ics->path + std::to_string(org.id) + "/";
        outcome = Outcome::updated;
      }
    }
    if (!row.edition.empty() && record(org_id, row, old_status) && outcome == Outcome::unchanged)
      outcome = Outcome::updated;
    return outcome;
  }

  // Writes the queued organisations and statuses.
  void flush() {
    auto ids = store::insert_providers(c_, fresh_, now_);
    for (size_t i = 0; i < pending_.size(); ++i)
      if (pending_[i].org_id == 0) pending_[i].org_id = ids.at(pending_codes_[i]);
    store::put_statuses(c_, pending_, now_);
    fresh_.clear();
    pending_.clear();
    pending_codes_.clear();
  }

 private:
  static std::string article(const std::string& label) {
    std::string l = label;
    if (!l.empty()) l[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(l[0])));
    const bool vowel = !l.empty() && std::string("aeiou").find(l[0]) != std::string::npos;
    return (vowel ? "an " : "a ") + l;
  }

  const Organisation* board_of(const StatusRow& row) const {
    if (row.board.empty()) return nullptr;
    const std::string key = area_key(row.board);
    auto it = boards_.by_key.find(key);
    if (it == boards_.by_key.end())
      throw RowRefused{"Integrated Care Board '" + row.board +
                       "' does not match the name of any ICS in Careguard"};
    if (boards_.count.at(key) > 1)
      throw RowRefused{"Integrated Care Board '" + row.board +
                       "' matches more than one ICS in Careguard: rename one of them"};
    return &it->second;
  }

  // Records the row's status; false when nothing changed.
  bool record(int64_t org_id, const StatusRow& row, const StatusRecord* old) {
    StatusRecord s;
    s.org_id = org_id;
    s.edition = row.edition;
    s.status = row.status;
    s.published_on = row.published_on;
    s.valid_until =
        toolkit::publication_valid_until(edition_deadline(options_.deadlines, row.edition));
    s.source = "import";
    if (old) {
      // A publication made in Careguard carries more than a list does (unmet items, plan):
      // keep it unless the list has a newer one.
      if (old->source != "import" && old->published_on >= row.published_on) return false;
      if (old->source == s.source && old->status == s.status &&
          old->published_on == s.published_on && old->valid_until == s.valid_until &&
          old->plan_due_on.empty() && old->unmet_items.empty() && old->publication_id == 0)
        return false;
    }
    pending_.push_back(std::move(s));
    pending_codes_.push_back(row.code);  // finds the id of an organisation not yet inserted
    return true;
  }

  Connection& c_;
  const Boards& boards_;
  const ImportOptions& options_;
  int64_t now_;
  std::unordered_map<std::string, store::KnownOrg> orgs_;
  std::map<std::pair<int64_t, std::string>, StatusRecord> statuses_;
  std::vector<store::NewProvider> fresh_;
  std::vector<StatusRecord> pending_;
  std::vector<std::string> pending_codes_;
};

void audit(Connection& c, const identity::Actor& actor, int64_t national_id,
           const ImportOptions& options, const ImportSummary& s, int64_t now) {
  identity::AuditEntry e;
  e.at = now;
  e.actor_id = actor.person_id;
  e.org_id = national_id;
  e.action = "statuses.import";
  e.target_type = "status_list";
  e.target_id = options.source_name;
  e.summary = nlohmann::json{{"file", options.source_name}, {"rows", s.rows},
                             {"created", s.created},        {"updated", s.updated},
                             {"unchanged", s.unchanged},    {"skipped", s.skipped}}
                  .dump();
  identity::store::append_audit(c, std::move(e));
}

}  // namespace

std::map<std::string, std::string> deadlines_from(const toolkit::Library& library) {
  std::map<std::string, std::string> out;
  for (const auto* f : library.all())
    if (f->kind == toolkit::FrameworkKind::toolkit && !f->publication_deadline.empty())
      out.emplace(f->edition, f->publication_deadline);
  return out;
}

std::string edition_deadline(const std::map<std::string, std::string>& deadlines,
                             const std::string& edition) {
  if (auto it = deadlines.find(edition); it != deadlines.end()) return it->second;
  // "2025-26": 30 June 2026.
  return std::to_string(std::stoi(edition.substr(0, 4)) + 1) + "-06-30";
}

ImportSummary import_status_list(cg::store::Database& db, const identity::Actor& actor,
                                 std::string_view text, const ImportOptions& options, int64_t now) {
  auto national = db.read([](Connection& c) { return identity::store::find_national(c); });
  if (!national)
    throw Error(ErrorCode::conflict,
                "There is no national organisation yet: add it before importing statuses");
  identity::require(actor, identity::Action::import_statuses, *national);

  StatusList list = parse_status_list(text, toolkit::london_date(now));
  ImportSummary summary;
  summary.rows = list.data_lines;
  std::vector<RowProblem> refused;
  db.transaction([&](Connection& c) {
    const Boards boards = load_boards(c);
    RowApplier applier(c, boards, options, now);
    ImportSummary counts;
    for (const StatusRow& row : list.rows) {
      try {
        switch (applier.apply(row)) {
          case Outcome::created:
            ++counts.created;
            break;
          case Outcome::updated:
            ++counts.updated;
            break;
          case Outcome::unchanged:
            ++counts.unchanged;
            break;
        }
      } catch (const RowRefused& r) {
        refused.push_back({row.line, row.code, r.reason});
      }
    }
    applier.flush();
    // The dashboards' counters, recounted once for everything written above.
    if (counts.created + counts.updated > 0) rebuild(c);
    summary.created = counts.created;
    summary.updated = counts.updated;
    summary.unchanged = counts.unchanged;
    summary.skipped = static_cast<int>(list.problems.size() + refused.size());
    audit(c, actor, national->id, options, summary, now);
  });
  summary.problems = std::move(list.problems);
  summary.problems.insert(summary.problems.end(), refused.begin(), refused.end());
  std::sort(summary.problems.begin(), summary.problems.end(),
            [](const RowProblem& a, const RowProblem& b) { return a.line < b.line; });
  summary.skipped = static_cast<int>(summary.problems.size());
  return summary;
}

}  // namespace cg::oversight::import
