#include "crash_workload_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "identity/store/audit_store.h"
#include "identity/store/invitation_store.h"
#include "mail/outbox.h"
#include "oversight/summary.h"
#include "toolkit/store/assessment_store.h"

namespace cg::test::crash {

namespace {

using nlohmann::json;

// What the database holds for one writer's organisation, read through the repositories the
// server itself uses.
struct Seen {
  std::map<std::string, std::string> history;  // answer history of the item: note -> value
  std::string current_note, current_value;     // the item's answer now
  std::set<std::string> audited_answers;       // answer texts in assessment.answer entries
  std::map<std::string, int64_t> evidence;     // evidence title -> id
  std::set<int64_t> linked;                    // evidence linked to the upload item
  std::set<std::string> audited_files;         // file names in assessment.evidence_file entries
  std::set<int64_t> publications;
  std::set<int64_t> audited_publications;
  int64_t status_publication = 0;  // publication behind the org_status row, 0 without one
  std::set<std::string> invitations;
  std::set<std::string> audited_invitations;
};

std::string text_value(const std::string& answer_json) {
  const json j = json::parse(answer_json, nullptr, false);
  return j.is_object() ? j.value("value", "") : "";
}

Seen look(store::Connection& c, const Writer& w, int64_t now) {
  namespace ts = toolkit::store;
  Seen s;
  for (const auto& h : ts::history_of(c, w.assessment_id, w.answer_item))
    s.history[h.new_note] = text_value(h.new_value);
  const auto answers = ts::answers_of(c, w.assessment_id);
  if (auto it = answers.find(w.answer_item); it != answers.end()) {
    s.current_note = it->second.note;
    s.current_value = text_value(it->second.value);
  }
  for (const auto& e : identity::store::audit_entries(c, w.org_id, 0, 1000000)) {
    const json summary = json::parse(e.summary, nullptr, false);
    if (!summary.is_object()) continue;
    if (e.action == "assessment.answer" && summary.value("item", "") == w.answer_item &&
        summary["after"].is_object())
      s.audited_answers.insert(summary["after"].value("value", ""));
    if (e.action == "assessment.evidence_file") s.audited_files.insert(summary.value("file", ""));
    if (e.action == "assessment.publish")
      s.audited_publications.insert(summary.value("publication", int64_t{0}));
    if (e.action == "person.invite") s.audited_invitations.insert(summary.value("email", ""));
  }
  for (const auto& e : ts::evidence_of(c, w.org_id)) {
    s.evidence[e.title] = e.id;
    // An uploaded file's record is never there without the file (one transaction).
    if (e.kind == "file") {
      EXPECT_TRUE(ts::find_evidence_file(c, w.org_id, e.id).has_value())
          << "evidence " << e.id << " (" << e.title << ") has no stored file";
    }
  }
  const auto linked = ts::linked_evidence(c, w.assessment_id);
  if (auto it = linked.find(w.upload_item); it != linked.end())
    for (const auto& e : it->second) s.linked.insert(e.id);
  for (const auto& p : ts::publications_of(c, w.org_id)) s.publications.insert(p.id);
  for (const auto& st : oversight::statuses_of(c, w.org_id))
    if (st.edition == w.edition) s.status_publication = st.publication_id;
  for (const auto& inv : identity::store::pending_invitations(c, w.org_id, now))
    s.invitations.insert(inv.email);
  return s;
}

// Holds one write to the parts the database has of it: all of them when acknowledged; all or
// none when it was in flight, and the same answer as the first look after its kill.
void judge(Write& w, const std::vector<std::pair<std::string, bool>>& parts) {
  bool all = true, any = false;
  std::string have, lack;
  for (const auto& [name, there] : parts) {
    all = all && there;
    any = any || there;
    (there ? have : lack) += " " + name;
  }
  const std::string what = std::string(kind_name(w.kind)) + " " + w.tag;
  if (w.acknowledged) {
    EXPECT_TRUE(all) << "acknowledged " << what << " is missing its" << lack;
    return;
  }
  EXPECT_TRUE(all || !any) << "in-flight " << what << " is half there: it has" << have << " but not"
                           << lack;
  if (all != any) return;
  if (!w.found)
    w.found = all;
  else
    EXPECT_EQ(*w.found, all) << "in-flight " << what << " was " << (*w.found ? "there" : "absent")
                             << " after its kill, not now";
}

void check_writer(store::Connection& c, Writer& w, int64_t now) {
  SCOPED_TRACE("writer " + std::to_string(w.index) + ", organisation " + std::to_string(w.org_id));
  const Seen s = look(c, w, now);
  int acknowledged_publications = 0, in_flight_publications = 0;
  for (Write& write : w.writes) {
    switch (write.kind) {
      case Kind::answer: {
        auto h = s.history.find(write.tag);
        judge(write, {{"history row", h != s.history.end()},
                      {"audit entry", s.audited_answers.count(answer_text(write.tag)) > 0}});
        if (h != s.history.end()) {
          EXPECT_EQ(h->second, answer_text(write.tag)) << "history of " << write.tag;
        }
        break;
      }
      case Kind::upload: {
        const std::string name = upload_name(write.tag);
        auto record = s.evidence.find(name);
        const int64_t id = record == s.evidence.end() ? 0 : record->second;
        auto file = id ? toolkit::store::find_evidence_file(c, w.org_id, id) : std::nullopt;
        judge(write, {{"evidence record", id > 0},
                      {"stored file", file.has_value()},
                      {"link to the item", s.linked.count(id) > 0},
                      {"audit entry", s.audited_files.count(name) > 0}});
        if (file) {
          EXPECT_TRUE(file->bytes == write.bytes)
              << "the file of " << write.tag << " has " << file->bytes.size() << " bytes, "
              << write.bytes.size() << " were sent, or they differ";
          EXPECT_EQ(file->content_type, "application/pdf") << write.tag;
        }
        break;
      }
      case Kind::publish:
        // An in-flight publication has no id to look for: they are counted below instead.
        if (write.acknowledged) {
          ++acknowledged_publications;
          judge(write, {{"publication", s.publications.count(write.publication_id) > 0},
                        {"audit entry", s.audited_publications.count(write.publication_id) > 0}});
        } else {
          ++in_flight_publications;
        }
        break;
      case Kind::invite: {
        const std::string email = invitee_email(write.tag);
        judge(write, {{"invitation", s.invitations.count(email) > 0},
                      {"outbox email", !mail::recent_to(c, email, 5).empty()},
                      {"audit entry", s.audited_invitations.count(email) > 0}});
        break;
      }
    }
  }

  // The answer now is the last answer write that happened: acknowledged, or found in full.
  std::string last;
  for (const Write& write : w.writes)
    if (write.kind == Kind::answer && (write.acknowledged || write.found.value_or(false)))
      last = write.tag;
  EXPECT_EQ(s.current_note, last) << "the answer now is not the last one written";
  if (!last.empty()) {
    EXPECT_EQ(s.current_value, answer_text(last));
  }

  // Every publication has its audit entry and the status row names the newest one.
  EXPECT_TRUE(s.publications == s.audited_publications)
      << s.publications.size() << " publications, " << s.audited_publications.size() << " audited";
  const int64_t newest = s.publications.empty() ? 0 : *s.publications.rbegin();
  EXPECT_EQ(s.status_publication, newest) << "the org_status row is not the newest publication";
  const int extra = static_cast<int>(s.publications.size()) - acknowledged_publications;
  EXPECT_TRUE(extra >= 0 && extra <= in_flight_publications)
      << s.publications.size() << " publications for " << acknowledged_publications
      << " acknowledged and " << in_flight_publications << " in flight";
}

}  // namespace

void check_ledgers(store::Connection& c, std::vector<Writer>& writers, int64_t now) {
  for (Writer& w : writers) check_writer(c, w, now);
}

void check_database(store::Connection& c) {
  const auto stored = oversight::all_counters(c);
  const auto counted = oversight::recount(c);
  EXPECT_EQ(stored.size(), counted.size()) << "dashboard counters and a recount differ";
  for (size_t i = 0; i < std::min(stored.size(), counted.size()); ++i)
    if (!(stored[i] == counted[i])) {
      ADD_FAILURE() << "first counter that differs from a recount: area " << stored[i].area_id
                    << " " << stored[i].edition << "/" << stored[i].dimension << "/"
                    << stored[i].value << "/" << stored[i].status << " = " << stored[i].count
                    << "; recount " << counted[i].area_id << " " << counted[i].edition << "/"
                    << counted[i].dimension << "/" << counted[i].value << "/" << counted[i].status
                    << " = " << counted[i].count;
      break;
    }
  if (c.dialect() == store::Dialect::sqlite) {
    EXPECT_EQ(c.exec("PRAGMA integrity_check").one().text(0), "ok");
  }
}

Tally tally(store::Connection& c, const std::vector<Writer>& writers) {
  Tally t;
  for (const Writer& w : writers) {
    int acknowledged_publications = 0;
    for (const Write& write : w.writes) {
      if (write.acknowledged) {
        ++t.acknowledged[write.kind];
        acknowledged_publications += write.kind == Kind::publish;
      } else if (write.found) {
        ++(*write.found ? t.in_flight_found : t.in_flight_absent)[write.kind];
      } else if (write.kind == Kind::publish) {
        ++t.in_flight_absent[Kind::publish];  // corrected below by what is there
      }
    }
    const int extra = static_cast<int>(toolkit::store::publications_of(c, w.org_id).size()) -
                      acknowledged_publications;
    t.in_flight_found[Kind::publish] += extra;
    t.in_flight_absent[Kind::publish] -= extra;
  }
  return t;
}

}  // namespace cg::test::crash
