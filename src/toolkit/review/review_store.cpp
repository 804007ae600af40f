#include "toolkit/review/review_store.h"

namespace cg::toolkit::store {

using cg::store::Row;
using cg::store::Value;

namespace {

Value id_or_null(int64_t id) { return id > 0 ? Value(id) : cg::store::null(); }
int64_t id_or_zero(const Row& r, size_t i) { return r.is_null(i) ? 0 : r.integer(i); }

constexpr const char* kReviewSelect =
    "SELECT r.id, r.publication_id, r.assessment_id, r.org_id, r.reviewer_id, r.requested_by, "
    "r.requested_at, r.good_practice, r.improvements, r.assurance, r.updated_at, r.finalised_at, "
    "r.finalised_by, rv.name, rq.name, fb.name FROM reviews r "
    "LEFT JOIN people rv ON rv.id = r.reviewer_id "
    "LEFT JOIN people rq ON rq.id = r.requested_by "
    "LEFT JOIN people fb ON fb.id = r.finalised_by ";

ReviewRecord review_from(const Row& r) {
  ReviewRecord out;
  out.id = r.integer(0);
  out.publication_id = r.integer(1);
  out.assessment_id = r.integer(2);
  out.org_id = r.integer(3);
  out.reviewer_id = r.integer(4);
  out.requested_by = id_or_zero(r, 5);
  out.requested_at = r.integer(6);
  out.good_practice = r.text(7);
  out.improvements = r.text(8);
  out.assurance = r.text(9);
  out.updated_at = r.integer(10);
  out.finalised_at = id_or_zero(r, 11);
  out.finalised_by = id_or_zero(r, 12);
  out.reviewer_name = r.text(13);
  out.requested_by_name = r.text(14);
  out.finalised_by_name = r.text(15);
  return out;
}

}  // namespace

std::optional<PublicationRecord> find_publication(Connection& c, int64_t publication_id) {
  auto r = c.exec(
      "SELECT id, assessment_id, org_id, framework_id, edition, edition_deadline, status, "
      "published_at, published_by, snapshot FROM publications WHERE id = ?",
      {publication_id});
  if (r.empty()) return std::nullopt;
  const Row& row = r.rows[0];
  return PublicationRecord{row.integer(0),     row.integer(1), row.integer(2), row.text(3),
                           row.text(4),        row.text(5),    row.text(6),    row.integer(7),
                           id_or_zero(row, 8), row.text(9)};
}

std::optional<ReviewRecord> review_for_publication(Connection& c, int64_t publication_id) {
  auto r = c.exec(std::string(kReviewSelect) + "WHERE r.publication_id = ?", {publication_id});
  if (r.empty()) return std::nullopt;
  return review_from(r.rows[0]);
}

void insert_review(Connection& c, ReviewRecord& r) {
  r.id = c.exec(
              "INSERT INTO reviews (publication_id, assessment_id, org_id, reviewer_id, "
              "requested_by, requested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
              {r.publication_id, r.assessment_id, r.org_id, r.reviewer_id,
               id_or_null(r.requested_by), r.requested_at, r.updated_at})
             .one()
             .integer(0);
}

bool reassign_review(Connection& c, int64_t review_id, int64_t reviewer_id, int64_t requested_by,
                     int64_t now) {
  return c.exec(
              "UPDATE reviews SET reviewer_id = ?, requested_by = ?, requested_at = ?, "
              "updated_at = ? WHERE id = ? AND finalised_at IS NULL",
              {reviewer_id, id_or_null(requested_by), now, now, review_id})
             .affected == 1;
}

bool claim_review(Connection& c, int64_t review_id, int64_t reviewer_id, int64_t now) {
  return c.exec(
              "UPDATE reviews SET updated_at = ? WHERE id = ? AND reviewer_id = ? AND "
              "finalised_at IS NULL",
              {now, review_id, reviewer_id})
             .affected == 1;
}

void set_review_text(Connection& c, int64_t review_id, const std::string& good_practice,
                     const std::string& improvements, const std::string& assurance) {
  c.exec(
      "UPDATE reviews SET good_practice = ?, improvements = ?, assurance = ? WHERE id = ? AND "
      "finalised_at IS NULL",
      {good_practice, improvements, assurance, review_id});
}

bool finalise_review(Connection& c, int64_t review_id, int64_t by, int64_t now) {
  return c.exec(
              "UPDATE reviews SET finalised_at = ?, finalised_by = ?, updated_at = ? WHERE id = ? "
              "AND finalised_at IS NULL",
              {now, id_or_null(by), now, review_id})
             .affected == 1;
}

std::map<std::string, ReviewItemRecord> review_items_of(Connection& c, int64_t review_id) {
  std::map<std::string, ReviewItemRecord> out;
  for (const auto& r : c.exec("SELECT item_id, judgement, note, updated_at FROM review_items "
                              "WHERE review_id = ?",
                              {review_id})
                           .rows)
    out[r.text(0)] = {r.text(0), r.text(1), r.text(2), r.integer(3)};
  return out;
}

void save_review_item(Connection& c, int64_t review_id, const ReviewItemRecord& i) {
  if (c.exec("UPDATE review_items SET judgement = ?, note = ?, updated_at = ? WHERE review_id = ? "
             "AND item_id = ?",
             {i.judgement, i.note, i.updated_at, review_id, i.item_id})
          .affected == 0)
    c.exec(
        "INSERT INTO review_items (review_id, item_id, judgement, note, updated_at) VALUES (?, ?, "
        "?, ?, ?)",
        {review_id, i.item_id, i.judgement, i.note, i.updated_at});
}

void delete_review_item(Connection& c, int64_t review_id, const std::string& item_id) {
  c.exec("DELETE FROM review_items WHERE review_id = ? AND item_id = ?", {review_id, item_id});
}

std::vector<ReviewerCandidate> reviewer_candidates(Connection& c, const std::string& org_path) {
  std::vector<ReviewerCandidate> out;
  for (const auto& r :
       c.exec("SELECT DISTINCT p.id, p.name, p.email, m.role, o.name FROM memberships m "
              "JOIN people p ON p.id = m.person_id "
              "JOIN organisations o ON o.id = m.org_id "
              "WHERE p.disabled_at IS NULL AND ("
              "(m.role = 'auditor' AND substr(?, 1, length(o.path)) = o.path) OR "
              "(m.role = 'support_adviser' AND EXISTS (SELECT 1 FROM portfolio pf "
              "JOIN organisations po ON po.id = pf.provider_id "
              "WHERE pf.support_org_id = m.org_id AND substr(?, 1, length(po.path)) = po.path))) "
              "ORDER BY p.name, p.id, m.role, o.name",
              {org_path, org_path})
           .rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4)});
  return out;
}

}  // namespace cg::toolkit::store
