#pragma once
// Use cases of the self-assessment journey: start (or copy forward), answer, plan, publish,
// and read the live status. Each checks permission through the policy and audits changes.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "identity/model.h"
#include "identity/policy.h"
#include "store/database.h"
#include "toolkit/answers/answer_input.h"
#include "toolkit/content/loader.h"
#include "toolkit/scoring/status.h"
#include "toolkit/store/assessment_store.h"

namespace cg::toolkit {

using cg::store::Database;

inline constexpr const char* kToolkitId = "care-toolkit";

struct ItemView {
  const Item* item = nullptr;
  bool applies = true;
  bool answered = false;
  bool met = false;
  bool carried_over = false;
  StoredAnswer answer;
  std::string note;
  std::vector<store::EvidenceRecord> evidence;
};

struct GroupView {
  const Group* group = nullptr;
  std::vector<ItemView> items;
  int applicable = 0;
  int answered = 0;
  int mandatory_left = 0;        // unmet items mandatory for Standards Met
  const char* progress() const;  // "Not started", "In progress", "Completed"
};

struct AssessmentView {
  store::AssessmentRecord record;
  const Framework* framework = nullptr;
  identity::Organisation org;
  std::vector<GroupView> groups;
  Gaps gaps;
  std::map<std::string, store::PlanRecord> plan;
  bool approaching_published = false;
  bool current_ce_plus = false;
  std::vector<store::EvidenceRecord> all_evidence;  // the organisation's, to link again
  const ItemView* find(const std::string& item_id) const;
  PublishDecision decision(const std::string& today) const;
};

// The toolkit edition open for publication at `now`: the earliest whose deadline has not passed.
const Framework* current_edition(const Library& library, int64_t now);

AssessmentView load_assessment(Database& db, const Library& library, const identity::Actor& actor,
                               int64_t org_id, int64_t assessment_id, int64_t now);
// Starts this year's assessment for the organisation (copying last year's answers, each marked
// "carried over", when asked). Returns the existing one if already started.
int64_t start_assessment(Database& db, const Library& library, const identity::Actor& actor,
                         int64_t org_id, bool copy_forward, int64_t now);
void save_answer(Database& db, const Library& library, const identity::Actor& actor, int64_t org_id,
                 int64_t assessment_id, const std::string& item_id, const RawAnswer& raw,
                 const std::string& note, int64_t now);
void save_plan(Database& db, const Library& library, const identity::Actor& actor, int64_t org_id,
               int64_t assessment_id, const std::vector<store::PlanRecord>& entries, int64_t now);

struct EvidenceInput {
  std::string title;
  std::string url;
  std::string owner;
  std::string review_date;
};
// Records evidence (a link to where it is kept) and links it to an item; or, with
// existing_id, links evidence the organisation already recorded.
void add_evidence(Database& db, const Library& library, const identity::Actor& actor,
                  int64_t org_id, int64_t assessment_id, const std::string& item_id,
                  const EvidenceInput& input, int64_t existing_id, int64_t now);

// Uploads a file as evidence (checked by toolkit/evidence/file_rules.h) and links it to an item.
void add_evidence_file(Database& db, const Library& library, const identity::Actor& actor,
                       int64_t org_id, int64_t assessment_id, const std::string& item_id,
                       const std::string& file_name, const std::string& bytes, int64_t now);
struct EvidenceFile {
  std::string file_name;
  std::string content_type;
  std::string bytes;
};
// An uploaded file, for someone who may read the organisation's private records.
EvidenceFile evidence_file(Database& db, const identity::Actor& actor, int64_t org_id,
                           int64_t evidence_id);

struct PublishResult {
  Status status = Status::not_met;
  int64_t publication_id = 0;
};
// Publishes an immutable snapshot with the computed status. The organisation lead confirms
// with their password; wrong passwords count as failed sign-ins from `address` (too many lock
// the account out, too_many_requests). Throws validation errors listing what blocks publication.
PublishResult publish(Database& db, const Library& library, const identity::Actor& actor,
                      int64_t org_id, int64_t assessment_id, const std::string& password,
                      const std::string& address, int64_t now);

CurrentStatus organisation_status(Database& db, int64_t org_id, int64_t now);

// Cyber Essentials certificates: a current Cyber Essentials Plus lifts Standards Met to
// Standards Exceeded.
struct CertificateInput {
  std::string kind;  // cyber_essentials | cyber_essentials_plus
  std::string number;
  std::string issued_on;
  std::string expires_on;
};
void add_certificate(Database& db, const identity::Actor& actor, int64_t org_id,
                     const CertificateInput& input, int64_t now);
std::vector<store::CertificateRow> certificates(Database& db, const identity::Actor& actor,
                                                int64_t org_id);

// The crosswalk from a toolkit edition to the CAF, if one is loaded.
const Framework* crosswalk_for(const Library& library, const std::string& framework_id,
                               const std::string& edition);

}  // namespace cg::toolkit
