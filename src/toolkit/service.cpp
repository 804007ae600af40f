#include "toolkit/service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/error.h"
#include "identity/attempts.h"
#include "identity/service.h"
#include "identity/store/audit_store.h"
#include "identity/store/org_store.h"
#include "identity/store/people_store.h"
#include "oversight/summary.h"
#include "toolkit/evidence/file_rules.h"
#include "toolkit/scoring/london_time.h"

namespace cg::toolkit {

using cg::store::Connection;
using nlohmann::json;

namespace {

void audit(Connection& c, int64_t now, int64_t actor, int64_t org, const std::string& action,
           const std::string& target, const json& summary) {
  identity::AuditEntry e;
  e.at = now;
  e.actor_id = actor;
  e.org_id = org;
  e.action = action;
  e.target_type = "assessment";
  e.target_id = target;
  e.summary = summary.dump();
  identity::store::append_audit(c, std::move(e));
}

const Framework& framework_of(const Library& library, const store::AssessmentRecord& a) {
  const Framework* f = library.find(a.framework_id, a.edition);
  if (!f) throw Error(ErrorCode::not_found, "This edition of the toolkit is no longer available");
  return *f;
}

store::AssessmentRecord assessment_in(Connection& c, int64_t org_id, int64_t assessment_id) {
  auto a = store::find_assessment(c, assessment_id);
  // Another organisation's assessment id is answered as if it did not exist.
  if (!a || a->org_id != org_id) throw Error(ErrorCode::not_found, "Page not found");
  return *a;
}

// What a publication adds to the sector figures: the status, the mandatory items still unmet
// and, for Not Met or Approaching, when the plan's first action falls due.
oversight::StatusRecord status_record(const AssessmentView& v, const store::PublicationRecord& p,
                                      Status status) {
  oversight::StatusRecord s;
  s.org_id = p.org_id;
  s.edition = p.edition;
  s.status = to_string(status);
  s.published_on = london_date(p.published_at);
  s.valid_until = publication_valid_until(p.edition_deadline);
  s.unmet_items = v.gaps.for_met;
  std::sort(s.unmet_items.begin(), s.unmet_items.end());
  if (status == Status::not_met || status == Status::approaching)
    for (const auto& item : s.unmet_items) {
      auto entry = v.plan.find(item);
      if (entry == v.plan.end() || entry->second.target_date.empty()) continue;
      if (s.plan_due_on.empty() || entry->second.target_date < s.plan_due_on)
        s.plan_due_on = entry->second.target_date;
    }
  s.source = "careguard";
  s.publication_id = p.id;
  return s;
}

}  // namespace

const char* GroupView::progress() const {
  if (answered == 0) return "Not started";
  if (answered < applicable) return "In progress";
  return "Completed";
}

const ItemView* AssessmentView::find(const std::string& item_id) const {
  for (const auto& g : groups)
    for (const auto& i : g.items)
      if (i.item->id == item_id) return &i;
  return nullptr;
}

PublishDecision AssessmentView::decision(const std::string& today) const {
  PublishRequest r;
  r.gaps = gaps;
  r.current_ce_plus = current_ce_plus;
  r.approaching_published_this_edition = approaching_published;
  for (const auto& [id, p] : plan) r.plan.push_back({id, p.owner, p.target_date});
  r.today = today;
  return decide_publication(r);
}

const Framework* current_edition(const Library& library, int64_t now) {
  const Framework* best = nullptr;
  for (const Framework* f : library.editions(kToolkitId)) {
    if (f->kind != FrameworkKind::toolkit || now >= london_day_end_utc(f->publication_deadline))
      continue;
    if (!best || f->publication_deadline < best->publication_deadline) best = f;
  }
  if (!best) {
    auto all = library.editions(kToolkitId);
    if (!all.empty()) best = all.back();
  }
  return best;
}

AssessmentView load_assessment(Database& db, const Library& library, const identity::Actor& actor,
                               int64_t org_id, int64_t assessment_id, int64_t now) {
  AssessmentView v;
  v.org = identity::require_org(db, actor, identity::Action::view_private, org_id);
  const std::string today = london_date(now);
  auto [record, answers, plan, certs, pubs, linked, all_evidence] = db.read([&](Connection& c) {
    auto a = assessment_in(c, org_id, assessment_id);
    return std::make_tuple(a, store::answers_of(c, a.id), store::plan_of(c, a.id),
                           store::certificates_of(c, org_id), store::publications_of(c, org_id),
                           store::linked_evidence(c, a.id), store::evidence_of(c, org_id));
  });
  v.all_evidence = all_evidence;
  v.record = record;
  v.framework = &framework_of(library, record);
  v.plan = plan;
  std::vector<CertificateRecord> cert_records;
  for (const auto& c : certs)
    cert_records.push_back({c.kind == "cyber_essentials_plus", c.issued_on, c.expires_on});
  v.current_ce_plus = has_current_ce_plus(cert_records, now);
  for (const auto& p : pubs)
    if (p.assessment_id == record.id && p.status == "approaching") v.approaching_published = true;
  std::vector<ItemResult> results;
  const std::string org_type = identity::to_string(v.org.type);
  for (const auto& g : v.framework->groups) {
    GroupView gv;
    gv.group = &g;
    for (const auto& item : g.items) {
      ItemView iv;
      iv.item = &item;
      iv.applies = item_applies(item, org_type, v.org.staff_count);
      auto ev = linked.find(item.id);
      if (ev != linked.end()) iv.evidence = ev->second;
      auto it = answers.find(item.id);
      if (it != answers.end()) {
        iv.answer = answer_from_json(it->second.value, static_cast<int>(iv.evidence.size()));
        iv.answered = iv.answer.value.present;
        iv.note = it->second.note;
        iv.carried_over = it->second.carried_over;
      }
      // A carried-over answer counts only once someone confirms it is still true.
      iv.met = iv.applies && iv.answered && !iv.carried_over && item_met(item, iv.answer, today);
      if (iv.applies) {
        ++gv.applicable;
        if (iv.answered && !iv.carried_over) ++gv.answered;
        if (!iv.met && item.mandatory != Mandatory::none) ++gv.mandatory_left;
      }
      results.push_back({item.id, item.mandatory, iv.applies, iv.met});
      gv.items.push_back(std::move(iv));
    }
    v.groups.push_back(std::move(gv));
  }
  v.gaps = find_gaps(results);
  return v;
}

int64_t start_assessment(Database& db, const Library& library, const identity::Actor& actor,
                         int64_t org_id, bool copy_forward, int64_t now) {
  auto org = identity::require_org(db, actor, identity::Action::edit_private, org_id);
  if (!identity::is_provider_type(org.type) || org.type == identity::OrgType::supplier)
    throw Error(ErrorCode::validation, "Only care providers complete the toolkit",
                {{"edition", "Only care providers complete the toolkit"}});
  const Framework* edition = current_edition(library, now);
  if (!edition) throw Error(ErrorCode::unavailable, "No edition of the toolkit is loaded");
  return db.transaction([&](Connection& c) {
    if (auto existing = store::find_assessment_for(c, org_id, edition->id, edition->edition))
      return existing->id;
    store::AssessmentRecord a;
    a.org_id = org_id;
    a.framework_id = edition->id;
    a.edition = edition->edition;
    a.created_at = a.updated_at = now;
    std::optional<store::AssessmentRecord> previous;
    if (copy_forward && !edition->previous_edition.empty())
      previous = store::find_assessment_for(c, org_id, edition->id, edition->previous_edition);
    if (previous) a.copied_from = previous->id;
    store::insert_assessment(c, a);
    if (previous) {
      store::copy_answers(c, previous->id, a.id, actor.person_id, now);
      // Items that no longer exist are not carried into the new edition.
      for (const auto& [item_id, answer] : store::answers_of(c, a.id))
        if (!edition->find_item(item_id)) store::delete_answer(c, a.id, item_id);
    }
    audit(c, now, actor.person_id, org_id, "assessment.start", std::to_string(a.id),
          {{"edition", a.edition}, {"copied_from", a.copied_from}});
    return a.id;
  });
}

void save_answer(Database& db, const Library& library, const identity::Actor& actor, int64_t org_id,
                 int64_t assessment_id, const std::string& item_id, const RawAnswer& raw,
                 const std::string& note, int64_t now) {
  identity::require_org(db, actor, identity::Action::edit_private, org_id);
  if (note.size() > 2000)
    throw Error(ErrorCode::validation, "Note must be 2,000 characters or fewer",
                {{"note", "Note must be 2,000 characters or fewer"}});
  db.transaction([&](Connection& c) {
    auto a = assessment_in(c, org_id, assessment_id);
    const Item* item = framework_of(library, a).find_item(item_id);
    if (!item) throw Error(ErrorCode::not_found, "Page not found");
    StoredAnswer parsed = parse_answer(*item, raw, london_date(now));
    auto before = store::answers_of(c, a.id);
    store::AnswerRecord rec{item_id, parsed.json, note, false, actor.person_id, now};
    if (store::save_answer(c, a.id, rec)) {
      auto old = before.find(item_id);
      audit(c, now, actor.person_id, org_id, "assessment.answer", std::to_string(a.id),
            {{"item", item_id},
             {"before",
              old == before.end() ? json() : json::parse(old->second.value, nullptr, false)},
             {"after", json::parse(parsed.json)}});
    }
  });
}

void add_evidence(Database& db, const Library& library, const identity::Actor& actor,
                  int64_t org_id, int64_t assessment_id, const std::string& item_id,
                  const EvidenceInput& in, int64_t existing_id, int64_t now) {
  identity::require_org(db, actor, identity::Action::edit_private, org_id);
  Validation v;
  if (existing_id == 0) {
    if (in.title.empty())
      v.add("evidence_title", "Enter what the evidence is, like 'Backup test record March 2026'");
    else if (in.title.size() > 200)
      v.add("evidence_title", "The name must be 200 characters or fewer");
    if (in.url.empty())
      v.add("evidence_url", "Enter where the evidence is kept, like a link to your shared drive");
    else if (in.url.size() > 1000 ||
             (in.url.rfind("https://", 0) != 0 && in.url.rfind("http://", 0) != 0))
      v.add("evidence_url", "Enter a web address starting with https://");
    if (in.owner.size() > 200) v.add("evidence_owner", "The owner must be 200 characters or fewer");
    if (!in.review_date.empty() && !valid_date(in.review_date))
      v.add("evidence_review", "Enter the review date as a real date, like 2027-03-31");
  }
  v.throw_if_failed();
  db.transaction([&](Connection& c) {
    auto a = assessment_in(c, org_id, assessment_id);
    const Item* item = framework_of(library, a).find_item(item_id);
    if (!item) throw Error(ErrorCode::not_found, "Page not found");
    int64_t evidence_id = existing_id;
    if (existing_id) {
      auto e = store::find_evidence(c, existing_id);
      if (!e || e->org_id != org_id)
        throw Error(ErrorCode::validation, "Choose evidence you have recorded",
                    {{"evidence_id", "Choose evidence you have recorded"}});
    } else {
      store::EvidenceRecord e{0, org_id, in.title, "link", in.url, in.owner, in.review_date, now};
      store::insert_evidence(c, e);
      evidence_id = e.id;
    }
    store::link_evidence(c, a.id, item_id, evidence_id, now);
    // For evidence questions, the evidence is the answer.
    if (item->answer.type == AnswerType::evidence)
      store::save_answer(c, a.id,
                         {item_id, R"({"value":"reviewed"})", "", false, actor.person_id, now});
    store::touch_assessment(c, a.id, now);
    audit(c, now, actor.person_id, org_id, "assessment.evidence", std::to_string(a.id),
          {{"item", item_id}, {"evidence", evidence_id}});
  });
}

void save_plan(Database& db, const Library& library, const identity::Actor& actor, int64_t org_id,
               int64_t assessment_id, const std::vector<store::PlanRecord>& entries, int64_t now) {
  identity::require_org(db, actor, identity::Action::edit_private, org_id);
  Validation v;
  for (const auto& e : entries) {
    const std::string field = "plan-" + e.item_id;
    if (e.owner.size() > 200) v.add(field + "-owner", "Owner must be 200 characters or fewer");
    if (!e.target_date.empty() && !valid_date(e.target_date))
      v.add(field + "-date", "Enter the target date as a real date, like 2027-03-31");
    if (e.action.size() > 2000)
      v.add(field + "-action", "Action must be 2,000 characters or fewer");
  }
  v.throw_if_failed();
  db.transaction([&](Connection& c) {
    auto a = assessment_in(c, org_id, assessment_id);
    const Framework& f = framework_of(library, a);
    if (f.kind != FrameworkKind::toolkit)
      throw Error(ErrorCode::not_found, "Checklists have no improvement plan");
    for (const auto& e : entries) {
      if (!f.find_item(e.item_id)) throw Error(ErrorCode::not_found, "Page not found");
      store::save_plan_entry(c, a.id, e, now);
    }
    audit(c, now, actor.person_id, org_id, "assessment.plan", std::to_string(a.id),
          {{"entries", entries.size()}});
  });
}

PublishResult publish(Database& db, const Library& library, const identity::Actor& actor,
                      int64_t org_id, int64_t assessment_id, const std::string& password,
                      const std::string& address, int64_t now) {
  AssessmentView v = load_assessment(db, library, actor, org_id, assessment_id, now);
  identity::require(actor, identity::Action::edit_private, v.org);
  if (v.framework->kind != FrameworkKind::toolkit)
    throw Error(ErrorCode::not_found, "Checklists are not published");
  identity::confirm_password(db, actor.person_id, password, address, now);
  const std::string today = london_date(now);
  if (now >= publication_valid_until(v.framework->publication_deadline))
    throw Error(ErrorCode::conflict, "This edition can no longer be published");
  PublishDecision d = v.decision(today);
  if (!d.problems.empty()) {
    std::vector<FieldError> fields;
    for (const auto& p : d.problems) fields.push_back({"plan", p});
    throw Error(ErrorCode::validation, "Complete the plan before publishing", fields);
  }
  json snapshot = {
      {"framework", v.framework->id},  {"edition", v.framework->edition}, {"org", v.org.name},
      {"status", to_string(d.status)}, {"items", json::array()},          {"plan", json::array()}};
  for (const auto& g : v.groups)
    for (const auto& i : g.items)
      snapshot["items"].push_back(
          {{"id", i.item->id},
           {"applies", i.applies},
           {"answer", i.answered ? json::parse(i.answer.json, nullptr, false) : json()},
           {"note", i.note},
           {"met", i.met},
           {"mandatory", to_string(i.item->mandatory)}});
  for (const auto& [id, p] : v.plan)
    snapshot["plan"].push_back(
        {{"item", id}, {"action", p.action}, {"owner", p.owner}, {"target_date", p.target_date}});
  PublishResult result;
  result.status = d.status;
  db.transaction([&](Connection& c) {
    // Approaching Standards may be published once per edition: check again inside the lock.
    if (d.status == Status::approaching)
      for (const auto& p : store::publications_of(c, org_id))
        if (p.assessment_id == v.record.id && p.status == "approaching")
          throw Error(ErrorCode::conflict,
                      "Approaching Standards can only be published once a year");
    store::PublicationRecord p;
    p.assessment_id = v.record.id;
    p.org_id = org_id;
    p.framework_id = v.framework->id;
    p.edition = v.framework->edition;
    p.edition_deadline = v.framework->publication_deadline;
    p.status = to_string(d.status);
    p.published_at = now;
    p.published_by = actor.person_id;
    p.snapshot = snapshot.dump();
    store::insert_publication(c, p);
    result.publication_id = p.id;
    if (p.framework_id == kToolkitId)
      oversight::record_status(c, status_record(v, p, d.status), now);
    audit(c, now, actor.person_id, org_id, "assessment.publish", std::to_string(v.record.id),
          {{"status", p.status}, {"publication", p.id}});
  });
  return result;
}

CurrentStatus organisation_status(Database& db, int64_t org_id, int64_t now) {
  auto pubs = db.read([&](Connection& c) { return store::publications_of(c, org_id); });
  std::vector<Publication> list;
  for (const auto& p : pubs) {
    Status s = Status::not_met;
    for (Status candidate : {Status::not_met, Status::approaching, Status::met, Status::exceeded})
      if (p.status == to_string(candidate)) s = candidate;
    list.push_back({s, p.edition, p.edition_deadline, p.published_at, p.id});
  }
  return current_status(list, now);
}

}  // namespace cg::toolkit

namespace cg::toolkit {

void add_certificate(Database& db, const identity::Actor& actor, int64_t org_id,
                     const CertificateInput& in, int64_t now) {
  auto org = identity::require_org(db, actor, identity::Action::edit_private, org_id);
  const std::string today = london_date(now);
  Validation v;
  if (in.kind != "cyber_essentials" && in.kind != "cyber_essentials_plus")
    v.add("kind", "Select Cyber Essentials or Cyber Essentials Plus");
  if (in.number.empty())
    v.add("number", "Enter the certificate number");
  else if (in.number.size() > 60)
    v.add("number", "The certificate number must be 60 characters or fewer");
  if (!valid_date(in.issued_on))
    v.add("issued_on", "Enter the date it was issued, like 2026-03-27");
  else if (in.issued_on > today)
    v.add("issued_on", "The issue date must be today or in the past");
  if (!valid_date(in.expires_on))
    v.add("expires_on", "Enter the date it expires, like 2027-03-27");
  else if (valid_date(in.issued_on) && in.expires_on <= in.issued_on)
    v.add("expires_on", "The expiry date must be after the issue date");
  v.throw_if_failed();
  db.transaction([&](Connection& c) {
    store::CertificateRow row{0, in.kind, in.number, in.issued_on, in.expires_on};
    store::insert_certificate(c, org.id, row, now);
    identity::AuditEntry e;
    e.at = now;
    e.actor_id = actor.person_id;
    e.org_id = org.id;
    e.action = "certificate.add";
    e.target_type = "certificate";
    e.target_id = std::to_string(row.id);
    e.summary =
        json{{"kind", in.kind}, {"number", in.number}, {"expires_on", in.expires_on}}.dump();
    identity::store::append_audit(c, std::move(e));
  });
}

std::vector<store::CertificateRow> certificates(Database& db, const identity::Actor& actor,
                                                int64_t org_id) {
  identity::require_org(db, actor, identity::Action::view_private, org_id);
  return db.read([&](Connection& c) { return store::certificates_of(c, org_id); });
}

const Framework* crosswalk_for(const Library& library, const std::string& framework_id,
                               const std::string& edition) {
  for (const Framework* f : library.all())
    if (f->kind == FrameworkKind::crosswalk && f->source.framework == framework_id &&
        f->source.edition == edition)
      return f;
  return nullptr;
}

}  // namespace cg::toolkit

namespace cg::toolkit {

void add_evidence_file(Database& db, const Library& library, const identity::Actor& actor,
                       int64_t org_id, int64_t assessment_id, const std::string& item_id,
                       const std::string& file_name, const std::string& bytes, int64_t now) {
  identity::require_org(db, actor, identity::Action::edit_private, org_id);
  FileCheck check = check_evidence_file(file_name, bytes);
  if (!check.ok)
    throw Error(ErrorCode::validation, check.problem, {{"evidence_file", check.problem}});
  const std::string name = safe_file_name(file_name);
  db.transaction([&](Connection& c) {
    auto a = assessment_in(c, org_id, assessment_id);
    const Item* item = framework_of(library, a).find_item(item_id);
    if (!item) throw Error(ErrorCode::not_found, "Page not found");
    const int64_t files = store::count_evidence_files(c, org_id);
    if (files >= kMaxEvidenceFilesPerOrg)
      throw Error(ErrorCode::too_many_requests,
                  "Your organisation has uploaded the most files allowed (500)");
    store::EvidenceRecord e{0, org_id, name, "file", "", "", "", now};
    store::insert_evidence(c, e);
    const std::string url =
        "/orgs/" + std::to_string(org_id) + "/evidence/" + std::to_string(e.id) + "/file";
    store::insert_evidence_file(c, e.id, url, {name, check.content_type, bytes});
    store::link_evidence(c, a.id, item_id, e.id, now);
    if (item->answer.type == AnswerType::evidence)
      store::save_answer(c, a.id,
                         {item_id, R"({"value":"reviewed"})", "", false, actor.person_id, now});
    store::touch_assessment(c, a.id, now);
    audit(c, now, actor.person_id, org_id, "assessment.evidence_file", std::to_string(a.id),
          {{"item", item_id}, {"evidence", e.id}, {"file", name}, {"bytes", bytes.size()}});
  });
}

EvidenceFile evidence_file(Database& db, const identity::Actor& actor, int64_t org_id,
                           int64_t evidence_id) {
  identity::require_org(db, actor, identity::Action::view_private, org_id);
  auto file =
      db.read([&](Connection& c) { return store::find_evidence_file(c, org_id, evidence_id); });
  if (!file) throw Error(ErrorCode::not_found, "Page not found");
  return {file->file_name, file->content_type, std::move(file->bytes)};
}

}  // namespace cg::toolkit
