#include "toolkit/store/assessment_store.h"

#include "core/crypto.h"

namespace cg::toolkit::store {

using cg::store::Row;
using cg::store::Value;

namespace {

constexpr const char* kAssessmentColumns =
    "id, org_id, framework_id, edition, copied_from, created_at, updated_at";

AssessmentRecord assessment_from(const Row& r) {
  return {r.integer(0), r.integer(1), r.text(2), r.text(3), r.is_null(4) ? 0 : r.integer(4),
          r.integer(5), r.integer(6)};
}

Value id_or_null(int64_t id) { return id > 0 ? Value(id) : cg::store::null(); }

constexpr const char* kPublicationColumns =
    "id, assessment_id, org_id, framework_id, edition, edition_deadline, status, published_at, "
    "published_by, snapshot";

PublicationRecord publication_from(const Row& r) {
  return {r.integer(0), r.integer(1), r.integer(2),
          r.text(3),    r.text(4),    r.text(5),
          r.text(6),    r.integer(7), r.is_null(8) ? 0 : r.integer(8),
          r.text(9)};
}

}  // namespace

std::optional<AssessmentRecord> find_assessment(Connection& c, int64_t id) {
  auto r =
      c.exec(std::string("SELECT ") + kAssessmentColumns + " FROM assessments WHERE id = ?", {id});
  if (r.empty()) return std::nullopt;
  return assessment_from(r.rows[0]);
}

std::optional<AssessmentRecord> find_assessment_for(Connection& c, int64_t org_id,
                                                    const std::string& framework_id,
                                                    const std::string& edition) {
  auto r = c.exec(std::string("SELECT ") + kAssessmentColumns +
                      " FROM assessments WHERE org_id = ? AND framework_id = ? AND edition = ?",
                  {org_id, framework_id, edition});
  if (r.empty()) return std::nullopt;
  return assessment_from(r.rows[0]);
}

std::vector<AssessmentRecord> assessments_of(Connection& c, int64_t org_id) {
  std::vector<AssessmentRecord> out;
  for (const auto& row :
       c.exec(std::string("SELECT ") + kAssessmentColumns +
                  " FROM assessments WHERE org_id = ? ORDER BY edition DESC, id DESC",
              {org_id})
           .rows)
    out.push_back(assessment_from(row));
  return out;
}

void insert_assessment(Connection& c, AssessmentRecord& a) {
  a.id = c.exec(
              "INSERT INTO assessments (org_id, framework_id, edition, copied_from, created_at, "
              "updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
              {a.org_id, a.framework_id, a.edition, id_or_null(a.copied_from), a.created_at,
               a.updated_at})
             .one()
             .integer(0);
}

void touch_assessment(Connection& c, int64_t id, int64_t now) {
  c.exec("UPDATE assessments SET updated_at = ? WHERE id = ?", {now, id});
}

std::map<std::string, AnswerRecord> answers_of(Connection& c, int64_t assessment_id) {
  std::map<std::string, AnswerRecord> out;
  for (const auto& r :
       c.exec("SELECT item_id, value, note, carried_over, updated_by, updated_at FROM answers "
              "WHERE assessment_id = ?",
              {assessment_id})
           .rows)
    out[r.text(0)] = {
        r.text(0),   r.text(1), r.text(2), r.boolean(3), r.is_null(4) ? 0 : r.integer(4),
        r.integer(5)};
  return out;
}

bool save_answer(Connection& c, int64_t assessment_id, const AnswerRecord& a) {
  auto existing = c.exec(
      "SELECT value, note, carried_over FROM answers WHERE assessment_id = ? AND item_id = ?",
      {assessment_id, a.item_id});
  Value old_value = cg::store::null(), old_note = cg::store::null();
  if (!existing.empty()) {
    const Row& row = existing.rows[0];
    if (row.text(0) == a.value && row.text(1) == a.note && !row.boolean(2)) return false;
    old_value = row.text(0);
    old_note = row.text(1);
    c.exec(
        "UPDATE answers SET value = ?, note = ?, carried_over = 0, updated_by = ?, updated_at = ? "
        "WHERE assessment_id = ? AND item_id = ?",
        {a.value, a.note, id_or_null(a.updated_by), a.updated_at, assessment_id, a.item_id});
  } else {
    c.exec(
        "INSERT INTO answers (assessment_id, item_id, value, note, carried_over, updated_by, "
        "updated_at) "
        "VALUES (?, ?, ?, ?, 0, ?, ?)",
        {assessment_id, a.item_id, a.value, a.note, id_or_null(a.updated_by), a.updated_at});
  }
  c.exec(
      "INSERT INTO answer_history (assessment_id, item_id, old_value, new_value, old_note, "
      "new_note, changed_by, "
      "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {assessment_id, a.item_id, old_value, a.value, old_note, a.note, id_or_null(a.updated_by),
       a.updated_at});
  touch_assessment(c, assessment_id, a.updated_at);
  return true;
}

void copy_answers(Connection& c, int64_t from, int64_t to, int64_t by, int64_t now) {
  c.exec(
      "INSERT INTO answers (assessment_id, item_id, value, note, carried_over, updated_by, "
      "updated_at) "
      "SELECT ?, item_id, value, note, 1, ?, ? FROM answers WHERE assessment_id = ?",
      {to, id_or_null(by), now, from});
}

std::vector<HistoryRecord> history_of(Connection& c, int64_t assessment_id,
                                      const std::string& item_id) {
  std::vector<HistoryRecord> out;
  for (const auto& r :
       c.exec("SELECT h.id, h.item_id, h.old_value, h.new_value, h.old_note, h.new_note, "
              "h.changed_by, p.name, h.changed_at FROM answer_history h "
              "LEFT JOIN people p ON p.id = h.changed_by "
              "WHERE h.assessment_id = ? AND h.item_id = ? ORDER BY h.id DESC",
              {assessment_id, item_id})
           .rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5),
                   r.is_null(6) ? 0 : r.integer(6), r.text(7), r.integer(8)});
  return out;
}

std::map<std::string, PlanRecord> plan_of(Connection& c, int64_t assessment_id) {
  std::map<std::string, PlanRecord> out;
  for (const auto& r :
       c.exec(
            "SELECT item_id, action, owner, target_date FROM plan_entries WHERE assessment_id = ?",
            {assessment_id})
           .rows)
    out[r.text(0)] = {r.text(0), r.text(1), r.text(2), r.text(3)};
  return out;
}

void save_plan_entry(Connection& c, int64_t assessment_id, const PlanRecord& e, int64_t now) {
  if (c.exec("UPDATE plan_entries SET action = ?, owner = ?, target_date = ?, updated_at = ? "
             "WHERE assessment_id = ? AND item_id = ?",
             {e.action, e.owner, e.target_date, now, assessment_id, e.item_id})
          .affected == 0)
    c.exec(
        "INSERT INTO plan_entries (assessment_id, item_id, action, owner, target_date, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {assessment_id, e.item_id, e.action, e.owner, e.target_date, now});
}

std::vector<CertificateRow> certificates_of(Connection& c, int64_t org_id) {
  std::vector<CertificateRow> out;
  for (const auto& r :
       c.exec("SELECT id, kind, number, issued_on, expires_on FROM certificates WHERE org_id = ? "
              "ORDER BY expires_on DESC",
              {org_id})
           .rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4)});
  return out;
}

namespace {
constexpr const char* kEvidenceColumns =
    "e.id, e.org_id, e.title, e.kind, e.url, e.owner, e.review_date, e.created_at";
EvidenceRecord evidence_from(const Row& r) {
  return {r.integer(0), r.integer(1), r.text(2), r.text(3),
          r.text(4),    r.text(5),    r.text(6), r.integer(7)};
}
}  // namespace

void insert_evidence(Connection& c, EvidenceRecord& e) {
  e.id = c.exec(
              "INSERT INTO evidence (org_id, title, kind, url, owner, review_date, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
              {e.org_id, e.title, e.kind, e.url, e.owner, e.review_date, e.created_at})
             .one()
             .integer(0);
}

int64_t count_evidence_files(Connection& c, int64_t org_id) {
  return c.exec("SELECT COUNT(*) FROM evidence WHERE org_id = ? AND kind = 'file'", {org_id})
      .one()
      .integer(0);
}

void insert_evidence_file(Connection& c, int64_t evidence_id, const std::string& url,
                          const StoredFile& file) {
  c.exec("UPDATE evidence SET url = ? WHERE id = ?", {url, evidence_id});
  // Base64 text, so both dialects store it the same way and backups include it.
  c.exec(
      "INSERT INTO evidence_files (evidence_id, file_name, content_type, size, content) VALUES "
      "(?, ?, ?, ?, ?)",
      {evidence_id, file.file_name, file.content_type, static_cast<int64_t>(file.bytes.size()),
       crypto::base64(file.bytes)});
}

std::optional<StoredFile> find_evidence_file(Connection& c, int64_t org_id, int64_t evidence_id) {
  auto r = c.exec(
      "SELECT f.file_name, f.content_type, f.content FROM evidence_files f "
      "JOIN evidence e ON e.id = f.evidence_id WHERE f.evidence_id = ? AND e.org_id = ?",
      {evidence_id, org_id});
  if (r.empty()) return std::nullopt;
  return StoredFile{r.rows[0].text(0), r.rows[0].text(1), crypto::from_base64(r.rows[0].text(2))};
}

void delete_answer(Connection& c, int64_t assessment_id, const std::string& item_id) {
  c.exec("DELETE FROM answers WHERE assessment_id = ? AND item_id = ?", {assessment_id, item_id});
}

std::vector<EvidenceRecord> evidence_of(Connection& c, int64_t org_id) {
  std::vector<EvidenceRecord> out;
  for (const auto& r : c.exec(std::string("SELECT ") + kEvidenceColumns +
                                  " FROM evidence e WHERE e.org_id = ? ORDER BY e.title, e.id",
                              {org_id})
                           .rows)
    out.push_back(evidence_from(r));
  return out;
}

std::optional<EvidenceRecord> find_evidence(Connection& c, int64_t id) {
  auto r =
      c.exec(std::string("SELECT ") + kEvidenceColumns + " FROM evidence e WHERE e.id = ?", {id});
  if (r.empty()) return std::nullopt;
  return evidence_from(r.rows[0]);
}

void link_evidence(Connection& c, int64_t assessment_id, const std::string& item_id,
                   int64_t evidence_id, int64_t now) {
  if (!c.exec("SELECT 1 FROM evidence_links WHERE assessment_id = ? AND item_id = ? AND "
              "evidence_id = ?",
              {assessment_id, item_id, evidence_id})
           .empty())
    return;
  c.exec(
      "INSERT INTO evidence_links (assessment_id, item_id, evidence_id, linked_at) VALUES (?, ?, "
      "?, ?)",
      {assessment_id, item_id, evidence_id, now});
}

std::map<std::string, std::vector<EvidenceRecord>> linked_evidence(Connection& c,
                                                                   int64_t assessment_id) {
  std::map<std::string, std::vector<EvidenceRecord>> out;
  for (const auto& r : c.exec(std::string("SELECT l.item_id, ") + kEvidenceColumns +
                                  " FROM evidence_links l JOIN evidence e ON e.id = l.evidence_id "
                                  "WHERE l.assessment_id = ? ORDER BY l.linked_at, e.id",
                              {assessment_id})
                           .rows) {
    Row rest;
    rest.values.assign(r.values.begin() + 1, r.values.end());
    out[r.text(0)].push_back(evidence_from(rest));
  }
  return out;
}

void insert_certificate(Connection& c, int64_t org_id, CertificateRow& row, int64_t now) {
  row.id =
      c.exec(
           "INSERT INTO certificates (org_id, kind, number, issued_on, expires_on, created_at) "
           "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
           {org_id, row.kind, row.number, row.issued_on, row.expires_on, now})
          .one()
          .integer(0);
}

void insert_publication(Connection& c, PublicationRecord& p) {
  p.id =
      c.exec(
           "INSERT INTO publications (assessment_id, org_id, framework_id, edition, "
           "edition_deadline, status, "
           "published_at, published_by, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
           {p.assessment_id, p.org_id, p.framework_id, p.edition, p.edition_deadline, p.status,
            p.published_at, id_or_null(p.published_by), p.snapshot})
          .one()
          .integer(0);
}

std::vector<PublicationRecord> publications_of(Connection& c, int64_t org_id) {
  std::vector<PublicationRecord> out;
  for (const auto& r :
       c.exec(std::string("SELECT ") + kPublicationColumns +
                  " FROM publications WHERE org_id = ? ORDER BY published_at DESC, id DESC",
              {org_id})
           .rows)
    out.push_back(publication_from(r));
  return out;
}

}  // namespace cg::toolkit::store
