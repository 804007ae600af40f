#pragma once
// Assessments, answers and their history, plan entries, certificates and publications.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace cg::toolkit::store {

using cg::store::Connection;

struct AssessmentRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string framework_id;
  std::string edition;
  int64_t copied_from = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct AnswerRecord {
  std::string item_id;
  std::string value;  // JSON
  std::string note;
  bool carried_over = false;
  int64_t updated_by = 0;
  int64_t updated_at = 0;
};

struct HistoryRecord {
  int64_t id = 0;
  std::string item_id;
  std::string old_value, new_value, old_note, new_note;
  int64_t changed_by = 0;
  std::string changed_by_name;
  int64_t changed_at = 0;
};

struct PlanRecord {
  std::string item_id;
  std::string action;
  std::string owner;
  std::string target_date;
};

struct CertificateRow {
  int64_t id = 0;
  std::string kind;
  std::string number;
  std::string issued_on;
  std::string expires_on;
};

struct PublicationRecord {
  int64_t id = 0;
  int64_t assessment_id = 0;
  int64_t org_id = 0;
  std::string framework_id;
  std::string edition;
  std::string edition_deadline;
  std::string status;
  int64_t published_at = 0;
  int64_t published_by = 0;
  std::string snapshot;
};

std::optional<AssessmentRecord> find_assessment(Connection& c, int64_t id);
std::optional<AssessmentRecord> find_assessment_for(Connection& c, int64_t org_id,
                                                    const std::string& framework_id,
                                                    const std::string& edition);
std::vector<AssessmentRecord> assessments_of(Connection& c, int64_t org_id);
void insert_assessment(Connection& c, AssessmentRecord& a);
void touch_assessment(Connection& c, int64_t id, int64_t now);

std::map<std::string, AnswerRecord> answers_of(Connection& c, int64_t assessment_id);
// Saves an answer and records the change in the history (only when something changed).
// Returns false when nothing changed.
bool save_answer(Connection& c, int64_t assessment_id, const AnswerRecord& answer);
void copy_answers(Connection& c, int64_t from_assessment, int64_t to_assessment, int64_t by,
                  int64_t now);
std::vector<HistoryRecord> history_of(Connection& c, int64_t assessment_id,
                                      const std::string& item_id);

std::map<std::string, PlanRecord> plan_of(Connection& c, int64_t assessment_id);
void save_plan_entry(Connection& c, int64_t assessment_id, const PlanRecord& entry, int64_t now);

std::vector<CertificateRow> certificates_of(Connection& c, int64_t org_id);
void insert_certificate(Connection& c, int64_t org_id, CertificateRow& row, int64_t now);

struct EvidenceRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string title;
  std::string kind;  // "link"
  std::string url;
  std::string owner;
  std::string review_date;
  int64_t created_at = 0;
};
void insert_evidence(Connection& c, EvidenceRecord& e);
int64_t count_evidence_files(Connection& c, int64_t org_id);
struct StoredFile {
  std::string file_name;
  std::string content_type;
  std::string bytes;
};
// Keeps an uploaded file for evidence `e` (whose url is pointed at `url`).
void insert_evidence_file(Connection& c, int64_t evidence_id, const std::string& url,
                          const StoredFile& file);
// The file, only when the evidence belongs to the organisation.
std::optional<StoredFile> find_evidence_file(Connection& c, int64_t org_id, int64_t evidence_id);
// Drops an answer (used for items a new edition no longer asks).
void delete_answer(Connection& c, int64_t assessment_id, const std::string& item_id);
std::vector<EvidenceRecord> evidence_of(Connection& c, int64_t org_id);
std::optional<EvidenceRecord> find_evidence(Connection& c, int64_t id);
void link_evidence(Connection& c, int64_t assessment_id, const std::string& item_id,
                   int64_t evidence_id, int64_t now);
// Evidence linked to each item of an assessment.
std::map<std::string, std::vector<EvidenceRecord>> linked_evidence(Connection& c,
                                                                   int64_t assessment_id);

void insert_publication(Connection& c, PublicationRecord& p);
std::vector<PublicationRecord> publications_of(Connection& c, int64_t org_id);

}  // namespace cg::toolkit::store
