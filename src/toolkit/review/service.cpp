#include "toolkit/review/service.h"

#include <nlohmann/json.hpp>
#include <set>

#include "core/error.h"
#include "identity/service.h"
#include "identity/store/audit_store.h"
#include "identity/store/people_store.h"

namespace cg::toolkit::review {

using cg::store::Connection;
using nlohmann::json;

namespace {

void audit(Connection& c, int64_t now, int64_t actor, int64_t org, const std::string& action,
           const std::string& target_type, int64_t target, const json& summary) {
  identity::AuditEntry e;
  e.at = now;
  e.actor_id = actor;
  e.org_id = org;
  e.action = action;
  e.target_type = target_type;
  e.target_id = std::to_string(target);
  e.summary = summary.dump();
  identity::store::append_audit(c, std::move(e));
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Another organisation's or assessment's publication is answered as if it did not exist.
toolkit::store::PublicationRecord publication_in(Connection& c, int64_t org_id,
                                                 int64_t assessment_id, int64_t publication_id) {
  auto p = toolkit::store::find_publication(c, publication_id);
  if (!p || p->org_id != org_id || p->assessment_id != assessment_id)
    throw Error(ErrorCode::not_found, "Page not found");
  return *p;
}

Stage stage_of(const std::optional<toolkit::store::ReviewRecord>& r) {
  if (!r) return Stage::not_requested;
  return r->finalised() ? Stage::finalised : Stage::in_progress;
}

// The review as it stands in the database, for the reviewer about to change it: refused unless
// this person was asked and may still review, and unless the step is open at this stage.
toolkit::store::ReviewRecord review_for_change(Connection& c, const identity::Actor& actor,
                                               const identity::Organisation& org,
                                               int64_t publication_id, Step step) {
  auto r = toolkit::store::review_for_publication(c, publication_id);
  if (!r || r->reviewer_id != actor.person_id || !may_review(actor, {org.id, org.path}))
    throw Error(ErrorCode::forbidden,
                "Only the person the organisation asked to review this publication can change "
                "the review");
  const std::string why = refusal(stage_of(r), step);
  if (!why.empty()) throw Error(ErrorCode::conflict, why);
  return *r;
}

Draft draft_from(const toolkit::store::ReviewRecord& r,
                 const std::map<std::string, toolkit::store::ReviewItemRecord>& items,
                 const std::vector<std::string>& order) {
  Draft d;
  d.good_practice = r.good_practice;
  d.improvements = r.improvements;
  d.assurance = r.assurance;
  for (const auto& id : order) {
    auto it = items.find(id);
    if (it != items.end()) d.items.push_back({id, it->second.judgement, it->second.note});
  }
  return d;
}

json item_json(const toolkit::store::ReviewItemRecord* i) {
  if (!i) return json();
  return {{"judgement", i->judgement}, {"note", i->note}};
}

}  // namespace

Draft ReviewView::draft() const {
  if (!review) return {};
  return draft_from(*review, judgements, items_to_review());
}

std::vector<std::string> ReviewView::items_to_review() const {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.item->id);
  return out;
}

ReviewView load_review(Database& db, const Library& library, const identity::Actor& actor,
                       int64_t org_id, int64_t assessment_id, int64_t publication_id) {
  ReviewView v;
  v.org = identity::require_org(db, actor, identity::Action::view_private, org_id);
  db.read([&](Connection& c) {
    v.publication = publication_in(c, org_id, assessment_id, publication_id);
    v.review = toolkit::store::review_for_publication(c, publication_id);
    if (v.review) v.judgements = toolkit::store::review_items_of(c, v.review->id);
    v.plan = toolkit::store::plan_of(c, assessment_id);
  });
  v.framework = library.find(v.publication.framework_id, v.publication.edition);
  if (!v.framework)
    throw Error(ErrorCode::not_found, "This edition of the toolkit is no longer available");
  // The snapshot taken when it was published: what the organisation said then.
  json snapshot = json::parse(v.publication.snapshot, nullptr, false);
  std::map<std::string, json> published;
  if (snapshot.is_object() && snapshot.contains("items") && snapshot["items"].is_array())
    for (const auto& i : snapshot["items"])
      if (i.is_object() && i.contains("id") && i["id"].is_string())
        published[i["id"].get<std::string>()] = i;
  for (const auto& g : v.framework->groups)
    for (const auto& item : g.items) {
      auto it = published.find(item.id);
      if (it == published.end() || !it->second.value("applies", false)) continue;
      const json& p = it->second;
      PublishedItem pi;
      pi.item = &item;
      pi.group = &g;
      pi.met = p.value("met", false);
      pi.note = p.contains("note") && p["note"].is_string() ? p["note"].get<std::string>() : "";
      if (p.contains("answer") && p["answer"].is_object()) {
        pi.answered = true;
        pi.answer = answer_from_json(p["answer"].dump(), 0);
        // The snapshot keeps that evidence was reviewed, not how much of it there was.
        pi.display = item.answer.type == AnswerType::evidence ? "Evidence recorded"
                                                              : display_answer(item, pi.answer);
      }
      v.items.push_back(std::move(pi));
    }
  v.stage = stage_of(v.review);
  v.may_request = identity::allowed(actor, identity::Action::edit_private, {v.org.id, v.org.path});
  v.is_reviewer = v.review && v.review->reviewer_id == actor.person_id &&
                  may_review(actor, {v.org.id, v.org.path});
  return v;
}

std::vector<toolkit::store::ReviewerCandidate> reviewer_candidates(Database& db,
                                                                   const identity::Actor& actor,
                                                                   int64_t org_id) {
  auto org = identity::require_org(db, actor, identity::Action::edit_private, org_id);
  return db.read([&](Connection& c) {
    std::vector<toolkit::store::ReviewerCandidate> out;
    std::set<int64_t> seen;
    for (auto& candidate : toolkit::store::reviewer_candidates(c, org.path)) {
      if (seen.count(candidate.person_id)) continue;
      // The query finds them; the rule decides.
      if (!may_review(identity::store::load_actor(c, candidate.person_id), {org.id, org.path}))
        continue;
      seen.insert(candidate.person_id);
      out.push_back(std::move(candidate));
    }
    return out;
  });
}

void request_review(Database& db, const Library& library, const identity::Actor& actor,
                    int64_t org_id, int64_t assessment_id, int64_t publication_id,
                    int64_t reviewer_id, int64_t now) {
  auto org = identity::require_org(db, actor, identity::Action::edit_private, org_id);
  ReviewView v = load_review(db, library, actor, org_id, assessment_id, publication_id);
  db.transaction([&](Connection& c) {
    auto existing = toolkit::store::review_for_publication(c, publication_id);
    const std::string why = refusal(stage_of(existing), Step::request);
    if (!why.empty()) throw Error(ErrorCode::conflict, why);
    std::string problem =
        independence_problem(reviewer_id, actor.person_id, v.publication.published_by);
    if (problem.empty()) {
      auto person = identity::store::find_person(c, reviewer_id);
      if (!person || person->disabled_at > 0 ||
          !may_review(identity::store::load_actor(c, reviewer_id), {org.id, org.path}))
        problem =
            "Select someone from the list: they must be an auditor or support adviser "
            "for your organisation";
    }
    if (!problem.empty()) throw Error(ErrorCode::validation, problem, {{"reviewer", problem}});
    if (!existing) {
      toolkit::store::ReviewRecord r;
      r.publication_id = publication_id;
      r.assessment_id = assessment_id;
      r.org_id = org.id;
      r.reviewer_id = reviewer_id;
      r.requested_by = actor.person_id;
      r.requested_at = r.updated_at = now;
      toolkit::store::insert_review(c, r);
      audit(c, now, actor.person_id, org.id, "review.request", "review", r.id,
            {{"publication", publication_id}, {"reviewer", reviewer_id}});
      return;
    }
    if (existing->reviewer_id == reviewer_id) return;  // nothing changes
    if (!toolkit::store::reassign_review(c, existing->id, reviewer_id, actor.person_id, now))
      throw Error(ErrorCode::conflict, "This review has been finalised and cannot be changed");
    audit(c, now, actor.person_id, org.id, "review.reassign", "review", existing->id,
          {{"publication", publication_id},
           {"before", existing->reviewer_id},
           {"after", reviewer_id}});
  });
}

void save_review(Database& db, const Library& library, const identity::Actor& actor, int64_t org_id,
                 int64_t assessment_id, int64_t publication_id, const Draft& input, int64_t now) {
  ReviewView v = load_review(db, library, actor, org_id, assessment_id, publication_id);
  Draft draft = input;
  for (auto& i : draft.items) i.note = trim(i.note);
  draft.good_practice = trim(draft.good_practice);
  draft.improvements = trim(draft.improvements);
  const auto order = v.items_to_review();
  const std::set<std::string> reviewable(order.begin(), order.end());
  for (const auto& i : draft.items)
    if (!reviewable.count(i.item_id)) throw Error(ErrorCode::not_found, "Page not found");
  db.transaction([&](Connection& c) {
    // Check the review before the draft: someone who may not change it learns nothing more.
    auto r = review_for_change(c, actor, v.org, publication_id, Step::save);
    Validation problems;
    for (const auto& e : draft_problems(draft)) problems.add(e.field, e.message);
    problems.throw_if_failed();
    if (!toolkit::store::claim_review(c, r.id, actor.person_id, now))
      throw Error(ErrorCode::conflict, "This review has been finalised and cannot be changed");
    auto before = toolkit::store::review_items_of(c, r.id);
    json changes = json::array();
    for (const auto& i : draft.items) {
      auto old = before.find(i.item_id);
      const toolkit::store::ReviewItemRecord* was = old == before.end() ? nullptr : &old->second;
      if (i.judgement.empty() && i.note.empty()) {
        if (!was) continue;
        toolkit::store::delete_review_item(c, r.id, i.item_id);
        changes.push_back({{"item", i.item_id}, {"before", item_json(was)}, {"after", json()}});
        continue;
      }
      if (was && was->judgement == i.judgement && was->note == i.note) continue;
      toolkit::store::ReviewItemRecord rec{i.item_id, i.judgement, i.note, now};
      toolkit::store::save_review_item(c, r.id, rec);
      changes.push_back(
          {{"item", i.item_id}, {"before", item_json(was)}, {"after", item_json(&rec)}});
    }
    json text = json::object();
    auto compare = [&](const char* field, const std::string& old_value,
                       const std::string& new_value) {
      if (old_value != new_value) text[field] = {{"before", old_value}, {"after", new_value}};
    };
    compare("good_practice", r.good_practice, draft.good_practice);
    compare("improvements", r.improvements, draft.improvements);
    compare("assurance", r.assurance, draft.assurance);
    if (!text.empty())
      toolkit::store::set_review_text(c, r.id, draft.good_practice, draft.improvements,
                                      draft.assurance);
    if (changes.empty() && text.empty()) return;
    audit(c, now, actor.person_id, v.org.id, "review.save", "review", r.id,
          {{"publication", publication_id}, {"items", changes}, {"text", text}});
  });
}

std::vector<toolkit::store::PlanRecord> finalise_review(Database& db, const Library& library,
                                                        const identity::Actor& actor,
                                                        int64_t org_id, int64_t assessment_id,
                                                        int64_t publication_id, int64_t now) {
  ReviewView v = load_review(db, library, actor, org_id, assessment_id, publication_id);
  const auto order = v.items_to_review();
  return db.transaction([&](Connection& c) {
    auto r = review_for_change(c, actor, v.org, publication_id, Step::finalise);
    // Hold the review's row, so no save lands between reading the judgements and finalising.
    if (!toolkit::store::claim_review(c, r.id, actor.person_id, now))
      throw Error(ErrorCode::conflict, "This review has been finalised and cannot be changed");
    // Read again inside the transaction: what is finalised is what is stored now.
    const Draft d = draft_from(r, toolkit::store::review_items_of(c, r.id), order);
    auto problems = finalise_problems(d, order);
    if (!problems.empty())
      throw Error(ErrorCode::validation, "The review is not finished", problems);
    auto entries = plan_entries(d.items, toolkit::store::plan_of(c, assessment_id));
    for (const auto& e : entries) toolkit::store::save_plan_entry(c, assessment_id, e, now);
    if (!toolkit::store::finalise_review(c, r.id, actor.person_id, now))
      throw Error(ErrorCode::conflict, "This review has been finalised and cannot be changed");
    std::map<std::string, int> counts;
    for (const auto& i : d.items) ++counts[i.judgement];
    json planned = json::array();
    for (const auto& e : entries) planned.push_back(e.item_id);
    audit(c, now, actor.person_id, v.org.id, "review.finalise", "review", r.id,
          {{"publication", publication_id},
           {"assurance", d.assurance},
           {"agree", counts["agree"]},
           {"partly", counts["partly"]},
           {"disagree", counts["disagree"]},
           {"plan", planned}});
    if (!entries.empty())
      audit(c, now, actor.person_id, v.org.id, "assessment.plan", "assessment", assessment_id,
            {{"entries", entries.size()}, {"from_review", r.id}, {"items", planned}});
    return entries;
  });
}

}  // namespace cg::toolkit::review
