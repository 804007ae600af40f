#pragma once
// Reviews of publications and their item judgements. The database refuses any change to a
// finalised review (see migration 0003); these functions also check, so that the use cases
// can answer with a conflict rather than a database error.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "toolkit/store/assessment_store.h"

namespace cg::toolkit::store {

struct ReviewRecord {
  int64_t id = 0;
  int64_t publication_id = 0;
  int64_t assessment_id = 0;
  int64_t org_id = 0;
  int64_t reviewer_id = 0;
  int64_t requested_by = 0;
  int64_t requested_at = 0;
  std::string good_practice;
  std::string improvements;
  std::string assurance;
  int64_t updated_at = 0;
  int64_t finalised_at = 0;  // 0 while the review is open
  int64_t finalised_by = 0;
  // Names, for showing.
  std::string reviewer_name;
  std::string requested_by_name;
  std::string finalised_by_name;
  bool finalised() const { return finalised_at > 0; }
};

struct ReviewItemRecord {
  std::string item_id;
  std::string judgement;
  std::string note;
  int64_t updated_at = 0;
};

// Someone with review rights over an organisation, as offered to its lead.
struct ReviewerCandidate {
  int64_t person_id = 0;
  std::string name;
  std::string email;
  std::string role;      // "auditor" or "support_adviser"
  std::string org_name;  // where the role is held
};

std::optional<PublicationRecord> find_publication(Connection& c, int64_t publication_id);

std::optional<ReviewRecord> review_for_publication(Connection& c, int64_t publication_id);
void insert_review(Connection& c, ReviewRecord& r);  // fills id
// Gives an open review to another reviewer; false when it is finalised.
bool reassign_review(Connection& c, int64_t review_id, int64_t reviewer_id, int64_t requested_by,
                     int64_t now);
// Takes the review's row for a change by its reviewer (so a change and a finalisation cannot
// interleave): false when it is finalised or no longer this reviewer's.
bool claim_review(Connection& c, int64_t review_id, int64_t reviewer_id, int64_t now);
void set_review_text(Connection& c, int64_t review_id, const std::string& good_practice,
                     const std::string& improvements, const std::string& assurance);
// Marks the review finalised; false when it already was.
bool finalise_review(Connection& c, int64_t review_id, int64_t by, int64_t now);

std::map<std::string, ReviewItemRecord> review_items_of(Connection& c, int64_t review_id);
void save_review_item(Connection& c, int64_t review_id, const ReviewItemRecord& item);
void delete_review_item(Connection& c, int64_t review_id, const std::string& item_id);

// People holding the auditor role in the organisation at `org_path` or above it, and support
// advisers of support organisations with it (or an organisation above it) in their portfolio.
std::vector<ReviewerCandidate> reviewer_candidates(Connection& c, const std::string& org_path);

}  // namespace cg::toolkit::store
