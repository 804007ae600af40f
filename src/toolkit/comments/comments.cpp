#include "toolkit/comments/comments.h"

#include "core/clock.h"
#include "core/error.h"
#include "identity/service.h"
#include "identity/store/audit_store.h"

namespace cg::toolkit::comments {

using cg::store::Connection;
using nlohmann::json;

namespace {

std::string comments_href(int64_t org_id, int64_t assessment_id, const std::string& item_id) {
  return "/orgs/" + std::to_string(org_id) + "/toolkit/" + std::to_string(assessment_id) +
         "/items/" + item_id + "/comments";
}

std::string human_time(int64_t t) {
  return clock::human_date(t) + " at " + clock::iso8601(t).substr(11, 5) + " UTC";
}

// The assessment and item, answered as not found unless both are the organisation's.
std::pair<toolkit::store::AssessmentRecord, const Item*> item_in(Connection& c,
                                                                 const Library& library,
                                                                 int64_t org_id,
                                                                 int64_t assessment_id,
                                                                 const std::string& item_id) {
  auto a = toolkit::store::find_assessment(c, assessment_id);
  if (!a || a->org_id != org_id) throw Error(ErrorCode::not_found, "Page not found");
  const Framework* f = library.find(a->framework_id, a->edition);
  const Item* item = f ? f->find_item(item_id) : nullptr;
  if (!item) throw Error(ErrorCode::not_found, "Page not found");
  return {*a, item};
}

}  // namespace

ItemComments item_comments(cg::store::Database& db, const Library& library,
                           const identity::Actor& actor, int64_t org_id, int64_t assessment_id,
                           const std::string& item_id) {
  ItemComments out;
  out.org = identity::require_org(db, actor, identity::Action::view_private, org_id);
  db.read([&](Connection& c) {
    std::tie(out.assessment, out.item) = item_in(c, library, org_id, assessment_id, item_id);
    out.comments = store::comments_on(c, out.assessment.id, item_id);
  });
  out.may_comment = may_comment(actor, {out.org.id, out.org.path});
  return out;
}

ItemComments item_comments(cg::store::Database& db, const identity::Actor& actor,
                           const AssessmentView& view, const std::string& item_id) {
  const ItemView* iv = view.find(item_id);
  if (!iv) throw Error(ErrorCode::not_found, "Page not found");
  ItemComments out;
  out.org = view.org;
  out.assessment = view.record;
  out.item = iv->item;
  out.comments =
      db.read([&](Connection& c) { return store::comments_on(c, view.record.id, item_id); });
  out.may_comment = may_comment(actor, {out.org.id, out.org.path});
  return out;
}

int64_t add_comment(cg::store::Database& db, const Library& library, const identity::Actor& actor,
                    int64_t org_id, int64_t assessment_id, const std::string& item_id,
                    const std::string& body, int64_t now) {
  auto org = identity::require_org(db, actor, identity::Action::view_private, org_id);
  db.read([&](Connection& c) { item_in(c, library, org_id, assessment_id, item_id); });
  if (!may_comment(actor, {org.id, org.path}))
    throw Error(ErrorCode::forbidden, "You cannot comment on this organisation's toolkit");
  const std::string text = tidy_body(body);
  if (auto problem = body_problem(text); !problem.empty())
    throw Error(ErrorCode::validation, problem, {{"body", problem}});
  return db.transaction([&](Connection& c) {
    // Checked again inside the transaction: the assessment is still the organisation's.
    item_in(c, library, org_id, assessment_id, item_id);
    store::CommentRecord m;
    m.assessment_id = assessment_id;
    m.item_id = item_id;
    m.author_id = actor.person_id;
    m.body = text;
    m.created_at = now;
    store::insert_comment(c, m);
    identity::AuditEntry e;
    e.at = now;
    e.actor_id = actor.person_id;
    e.org_id = org.id;
    e.action = "assessment.comment";
    e.target_type = "assessment";
    e.target_id = std::to_string(assessment_id);
    e.summary = json{{"item", item_id}, {"comment", m.id}, {"body", text}}.dump();
    identity::store::append_audit(c, std::move(e));
    return m.id;
  });
}

json section_context(const ItemComments& ic, const std::string& body, const std::string& error) {
  json list = json::array();
  for (const auto& m : ic.comments) {
    json paragraphs = json::array();
    size_t start = 0;
    while (start <= m.body.size()) {
      size_t end = m.body.find('\n', start);
      if (end == std::string::npos) end = m.body.size();
      std::string line = m.body.substr(start, end - start);
      if (!line.empty()) paragraphs.push_back(line);
      start = end + 1;
    }
    list.push_back(
        {{"author", m.author_name.empty() ? "Someone no longer registered" : m.author_name},
         {"when", human_time(m.created_at)},
         {"datetime", clock::iso8601(m.created_at)},
         {"paragraphs", paragraphs}});
  }
  const std::string count = std::to_string(ic.comments.size());
  return {{"comment_list", list},
          {"has_comment_list", !list.empty()},
          {"comment_count", ic.comments.size() == 1 ? "1 comment" : count + " comments"},
          {"may_comment", ic.may_comment},
          {"comment_action", comments_href(ic.org.id, ic.assessment.id, ic.item->id)},
          {"comment_body", body.empty() ? json() : json(body)},
          {"comment_error", error.empty() ? json() : json(error)}};
}

}  // namespace cg::toolkit::comments
