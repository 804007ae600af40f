#include "demo/national.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "demo/answers.h"
#include "demo/dates.h"
#include "demo/geography.h"
#include "demo/national_store.h"
#include "demo/population.h"
#include "demo/statuses.h"
#include "identity/passwords.h"
#include "identity/store/audit_store.h"
#include "oversight/summary.h"
#include "toolkit/scoring/london_time.h"
#include "toolkit/service.h"

namespace cg::demo {

using cg::store::Connection;
using cg::store::null;
using cg::store::Value;
using store::BatchInsert;
using store::Table;
using toolkit::Status;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string email(const std::string& who) { return who + "@" + kEmailDomain; }

const char* const kEvidenceTitles[] = {"Data security and protection policy",
                                       "Staff training record", "Information asset register"};
const char* const kFirstNames[] = {"Amira", "Ben",   "Chloe", "Dev",   "Ella", "Femi",
                                   "Grace", "Harry", "Isla",  "Jamal", "Kate", "Leo",
                                   "Maya",  "Noah",  "Olu",   "Priya", "Rosa", "Sam"};
const char* const kLastNames[] = {"Ahmed",  "Brown",  "Clarke", "Davies", "Evans",  "Green",
                                  "Hughes", "Khan",   "Lewis",  "Morgan", "Patel",  "Shah",
                                  "Singh",  "Taylor", "Walker", "Wilson", "Wright", "Young"};

// Everything the loader writes, one batch per table.
struct Writers {
  explicit Writers(Connection& c)
      : orgs(c, Table::organisations),
        portfolio(c, Table::portfolio),
        people(c, Table::people),
        memberships(c, Table::memberships),
        assessments(c, Table::assessments),
        answers(c, Table::answers),
        history(c, Table::answer_history),
        plan(c, Table::plan_entries),
        evidence(c, Table::evidence),
        links(c, Table::evidence_links),
        certificates(c, Table::certificates),
        publications(c, Table::publications),
        statuses(c, Table::org_status) {}
  // Sends everything waiting, parents before the rows that refer to them.
  void send_all() {
    for (BatchInsert* b : in_order()) b->send_all();
  }
  // Sends once any table has a full batch waiting.
  void send_when_full() {
    for (BatchInsert* b : in_order())
      if (b->full()) return send_all();
  }
  std::vector<BatchInsert*> in_order() {
    return {&orgs,    &portfolio, &people, &memberships,  &assessments,  &evidence, &answers,
            &history, &plan,      &links,  &certificates, &publications, &statuses};
  }
  BatchInsert orgs, portfolio, people, memberships, assessments, answers, history, plan, evidence,
      links, certificates, publications, statuses;
};

struct Ids {
  int64_t org = 0, person = 0, assessment = 0, evidence = 0, publication = 0;
};

class Loader {
 public:
  Loader(Connection& c, const toolkit::Library& library, const NationalOptions& o)
      : c_(c), o_(o), w_(c) {
    for (const char* edition : {kEditions[kPastEditions - 1], kCurrentEdition}) {
      const toolkit::Framework* f = library.find(toolkit::kToolkitId, edition);
      if (!f)
        throw Error(ErrorCode::unavailable,
                    std::string("the care toolkit ") + edition + " is not loaded");
      books_.emplace(edition, AnswerBook(*f));
    }
  }

  NationalReport run() {
    const int64_t others = store::organisations_besides_national(c_);
    if (others > 0)
      throw Error(ErrorCode::conflict,
                  "The database already holds " + std::to_string(others) +
                      " organisations. The national dataset is generated into an empty "
                      "database: give --database a new SQLite file or an empty PostgreSQL "
                      "database.");
    ids_.org = store::next_id(c_, Table::organisations);
    ids_.person = store::next_id(c_, Table::people);
    ids_.assessment = store::next_id(c_, Table::assessments);
    ids_.evidence = store::next_id(c_, Table::evidence);
    ids_.publication = store::next_id(c_, Table::publications);
    password_hash_ = identity::hash_password(kDemoPassword);  // once, for every person

    national_ = store::national_id(c_);
    if (national_ == 0) {
      national_ = ids_.org++;
      add_org(national_, 0, "/" + std::to_string(national_) + "/", "national",
              "NHS England national cyber team", "X26", "", 0, 0, 40, 0);
    }
    const std::string national_path = "/" + std::to_string(national_) + "/";
    add_person("admin", national_, "national_admin");

    for (const auto& r : regions()) {
      const int64_t id = ids_.org++;
      region_ids_.push_back(id);
      region_paths_.push_back(national_path + std::to_string(id) + "/");
      add_org(id, national_, region_paths_.back(), "region", r.name, r.code, "", 0, 0, 20, 0);
      add_person("analyst." + lower(r.code), id, "analyst");
    }
    for (const auto& s : systems()) {
      const int64_t id = ids_.org++;
      ics_ids_.push_back(id);
      ics_paths_.push_back(region_paths_[static_cast<size_t>(s.region)] + std::to_string(id) + "/");
      add_org(id, region_ids_[static_cast<size_t>(s.region)], ics_paths_.back(), "ics", s.name,
              s.code, "", region_ids_[static_cast<size_t>(s.region)], 0, 30, 0);
      add_person("analyst." + lower(s.code), id, "analyst");
    }
    for (const auto& s : support_orgs()) {
      const int64_t id = ids_.org++;
      support_ids_.push_back(id);
      const auto region = static_cast<size_t>(s.region);
      add_org(id, region_ids_[region], region_paths_[region] + std::to_string(id) + "/",
              "support_org", s.name, s.code, "", region_ids_[region], 0, 8, 0);
      add_person("lead." + lower(s.code), id, "org_lead");
      add_person("adviser." + lower(s.code), id, "support_adviser");
    }
    for (const Provider& p : providers(o_.orgs, o_.seed)) {
      add_provider(p, national_path);
      w_.send_when_full();
    }
    w_.send_all();

    identity::AuditEntry e;
    e.at = o_.now;
    e.action = "demo.national";
    e.target_type = "dataset";
    e.target_id = std::to_string(o_.seed);
    e.summary = nlohmann::json{{"organisations", o_.orgs}, {"seed", o_.seed}}.dump();
    identity::store::append_audit(c_, std::move(e));
    store::fix_sequences(c_);
    oversight::rebuild(c_);

    NationalReport report;
    report.people = people_;
    report.sign_ins = sign_ins_;
    return report;
  }

 private:
  void add_org(int64_t id, int64_t parent, const std::string& path, const std::string& type,
               const std::string& name, const std::string& ods, const std::string& cqc,
               int64_t region, int64_t ics, int64_t staff, int64_t people) {
    auto id_or_null = [](int64_t v) { return v > 0 ? Value(v) : null(); };
    w_.orgs.add({id, id_or_null(parent), path, type, name, cg::store::text_or_null(ods),
                 cg::store::text_or_null(cqc), id_or_null(region), id_or_null(ics), staff, people,
                 o_.now, o_.now});
  }

  int64_t add_person(const std::string& who, int64_t org, const std::string& role) {
    const int64_t id = ids_.person++;
    Rng r(key({o_.seed, 7, static_cast<uint64_t>(id)}));
    const std::string name = std::string(r.pick(kFirstNames)) + " " + r.pick(kLastNames);
    w_.people.add({id, email(who), name, password_hash_, o_.now});
    w_.memberships.add({id, org, role, o_.now});
    ++people_;
    if (std::none_of(sign_ins_.begin(), sign_ins_.end(),
                     [&](const SignIn& s) { return s.role == role; }))
      sign_ins_.push_back({email(who), role});
    return id;
  }

  void add_provider(const Provider& p, const std::string& national_path) {
    const int64_t id = ids_.org++;
    const std::string type = identity::to_string(p.type);
    if (p.ics < 0) {
      add_org(id, national_, national_path + std::to_string(id) + "/", type, p.name, p.ods_code,
              p.cqc_location_id, 0, 0, p.staff_count, p.people_supported);
    } else {
      const auto ics = static_cast<size_t>(p.ics);
      add_org(id, ics_ids_[ics], ics_paths_[ics] + std::to_string(id) + "/", type, p.name,
              p.ods_code, p.cqc_location_id,
              region_ids_[static_cast<size_t>(systems()[ics].region)], ics_ids_[ics], p.staff_count,
              p.people_supported);
    }
    if (p.support >= 0)
      w_.portfolio.add({support_ids_[static_cast<size_t>(p.support)], id, o_.now});
    const int64_t lead = p.has_lead ? add_person("lead." + lower(p.ods_code), id, "org_lead") : 0;

    // Suppliers do not use Careguard's journey: every status comes from the national lists.
    const bool imported_only = p.type == identity::OrgType::supplier;
    for (int e = 0; e < kPastEditions; ++e) {
      const Status s = past_status(o_.seed, p.index, p.type, e);
      if (s == Status::not_published) continue;
      const std::string edition = kEditions[static_cast<size_t>(e)];
      const std::string date = publication_date(o_.seed, p.index, edition, o_.today);
      if (e < kPastEditions - 1 || imported_only)
        add_imported_status(id, edition, s, date);
      else
        add_assessment(p, id, lead, edition, s, date, 0);
    }
    const CurrentState now = current_state(o_.seed, p.index, p.type);
    if (!now.started) return;
    const std::string date = publication_date(o_.seed, p.index, kCurrentEdition, o_.today);
    if (imported_only) {
      if (now.status != Status::not_published)
        add_imported_status(id, kCurrentEdition, now.status, date);
      return;
    }
    add_assessment(p, id, lead, kCurrentEdition, now.status, date, now.progress);
  }

  void add_imported_status(int64_t org, const std::string& edition, Status s,
                           const std::string& date) {
    w_.statuses.add({org, edition, std::string(toolkit::to_string(s)), date,
                     toolkit::publication_valid_until(edition_deadline(edition)), std::string(),
                     std::string(), std::string("import"), null(), o_.now});
  }

  // An assessment of a toolkit edition held in Careguard: published with status s on `date`,
  // or (s not_published) in progress with about `progress` of its items answered.
  void add_assessment(const Provider& p, int64_t org, int64_t lead, const std::string& edition,
                      Status s, const std::string& date, double progress) {
    const AnswerBook& book = books_.at(edition);
    Rng r(key({o_.seed, 8, static_cast<uint64_t>(p.index),
               static_cast<uint64_t>(day_number(edition_deadline(edition)))}));
    const GeneratedAssessment a =
        s == Status::not_published
            ? partial_assessment(book, p.type, p.staff_count, progress, date, r)
            : published_assessment(book, p.type, p.staff_count, s, date, r);
    const int64_t published_at = noon_utc(date) + r.between(-10800, 14400);
    const int64_t started_at = published_at - 86400 * r.between(20, 120);
    const int64_t assessment = ids_.assessment++;
    const Value by = lead > 0 ? Value(lead) : null();
    auto previous = last_assessment_.find(org);
    const bool copied = previous != last_assessment_.end();
    w_.assessments.add({assessment, org, std::string(toolkit::kToolkitId), edition,
                        copied ? Value(previous->second) : null(), by, started_at, published_at});
    last_assessment_[org] = assessment;

    for (const auto& ans : a.answers) {
      const int64_t at = started_at + 3600 * r.between(1, 400);
      // In progress, some copied answers still wait to be confirmed.
      const bool carried = copied && s == Status::not_published && r.chance(0.2);
      const int64_t answered_at = std::min(at, published_at);
      // People who answer in Careguard leave a history; now and then a second look.
      const bool rechecked = lead > 0 && r.chance(0.1);
      const std::string note = rechecked ? "Checked again before publishing" : "";
      w_.answers.add({assessment, ans.item_id, ans.json, note, carried ? 1 : 0, by, answered_at});
      if (lead > 0) {
        w_.history.add({assessment, ans.item_id, null(), ans.json, null(), std::string(), by,
                        rechecked ? answered_at - 86400 * 7 : answered_at});
        if (rechecked)
          w_.history.add(
              {assessment, ans.item_id, ans.json, ans.json, std::string(), note, by, answered_at});
      }
      if (ans.needs_evidence) {
        const int64_t evidence = evidence_of(org, lead, started_at, r);
        w_.links.add({assessment, ans.item_id, evidence, answered_at});
      }
    }
    std::string plan_due;
    for (const auto& e : a.plan) {
      w_.plan.add({assessment, e.item_id, e.action, e.owner, e.target_date, published_at});
      if (plan_due.empty() || e.target_date < plan_due) plan_due = e.target_date;
    }
    if (s == Status::not_published) return;

    if (s == Status::exceeded) {
      const std::string issued = add_days(date, -r.between(10, 200));
      w_.certificates.add({org, std::string("cyber_essentials_plus"),
                           "CEP" + std::to_string(100000 + r.below(900000)), issued,
                           add_days(issued, 365), started_at});
    }
    nlohmann::json snapshot = {{"framework", toolkit::kToolkitId},
                               {"edition", edition},
                               {"org", p.name},
                               {"status", toolkit::to_string(s)},
                               {"compact", true},
                               {"items", nlohmann::json::array()},
                               {"plan", nlohmann::json::array()}};
    // Compact: the answers themselves stay in the answers table, and fields at their default
    // (applies false, met false, mandatory none) are left out, as the readers assume.
    for (const auto& res : a.results) {
      nlohmann::json item = {{"id", res.item_id}};
      if (res.applies) item["applies"] = true;
      if (res.met) item["met"] = true;
      if (res.mandatory != toolkit::Mandatory::none)
        item["mandatory"] = toolkit::to_string(res.mandatory);
      snapshot["items"].push_back(std::move(item));
    }
    for (const auto& e : a.plan)
      snapshot["plan"].push_back({{"item", e.item_id},
                                  {"action", e.action},
                                  {"owner", e.owner},
                                  {"target_date", e.target_date}});
    const int64_t publication = ids_.publication++;
    const std::string deadline = book.framework().publication_deadline;
    w_.publications.add({publication, assessment, org, std::string(toolkit::kToolkitId), edition,
                         deadline, std::string(toolkit::to_string(s)), published_at, by,
                         snapshot.dump()});
    std::vector<std::string> unmet = a.gaps.for_met;
    std::sort(unmet.begin(), unmet.end());
    std::string unmet_text;
    for (const auto& i : unmet) unmet_text += (unmet_text.empty() ? "" : ",") + i;
    const bool plan_counts = s == Status::not_met || s == Status::approaching;
    w_.statuses.add({org, edition, std::string(toolkit::to_string(s)),
                     toolkit::london_date(published_at), toolkit::publication_valid_until(deadline),
                     plan_counts ? plan_due : "", unmet_text, std::string("careguard"), publication,
                     o_.now});
  }

  // The organisation's evidence records (made the first time one is needed); returns one.
  int64_t evidence_of(int64_t org, int64_t lead, int64_t at, Rng& r) {
    auto it = evidence_.find(org);
    if (it == evidence_.end()) {
      const int64_t first = ids_.evidence;
      for (const char* title : kEvidenceTitles) {
        w_.evidence.add({ids_.evidence++, org, std::string(title), std::string("link"),
                         "https://files.care.example/" + std::to_string(org) + "/" +
                             std::to_string(ids_.evidence),
                         std::string("Registered manager"), add_days(o_.today, r.between(30, 330)),
                         lead > 0 ? Value(lead) : null(), at});
      }
      it = evidence_.emplace(org, first).first;
    }
    return it->second + static_cast<int64_t>(r.below(std::size(kEvidenceTitles)));
  }

  Connection& c_;
  const NationalOptions& o_;
  Writers w_;
  std::map<std::string, AnswerBook> books_;
  Ids ids_;
  std::string password_hash_;
  int64_t national_ = 0;
  std::vector<int64_t> region_ids_, ics_ids_, support_ids_;
  std::vector<std::string> region_paths_, ics_paths_;
  std::map<int64_t, int64_t> last_assessment_;  // organisation -> its latest assessment
  std::map<int64_t, int64_t> evidence_;         // organisation -> its first evidence id
  std::vector<SignIn> sign_ins_;
  int64_t people_ = 0;
};

}  // namespace

NationalReport load_national(cg::store::Database& db, const toolkit::Library& library,
                             const NationalOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  NationalReport report =
      db.transaction([&](Connection& c) { return Loader(c, library, options).run(); });
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  db.read([&](Connection& c) {
    report.organisations_by_type = store::organisations_by_type(c);
    report.statuses_by_edition = store::statuses_by_edition(c);
    report.table_rows = store::table_rows(c);
    report.database_bytes = store::database_bytes(c);
  });
  return report;
}

}  // namespace cg::demo
