#pragma once
// Use cases of the independent review of a published assessment. The organisation lead asks
// someone who already holds review rights over the organisation (see may_review); that person
// judges each item of the publication, writes what is good and what to improve, gives an overall
// assurance level and finalises. Finalising puts the partial agreements and disagreements on the
// assessment's improvement plan; afterwards nothing in the review can change. Everyone who may
// read the organisation's private records may read its reviews. Every change is audited.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "identity/model.h"
#include "identity/policy.h"
#include "store/database.h"
#include "toolkit/answers/answer_input.h"
#include "toolkit/content/loader.h"
#include "toolkit/review/review_store.h"
#include "toolkit/review/rules.h"

namespace cg::toolkit::review {

using cg::store::Database;

// One item of the publication, as it was published.
struct PublishedItem {
  const Item* item = nullptr;
  const Group* group = nullptr;
  bool answered = false;
  bool met = false;
  StoredAnswer answer;
  std::string note;
  std::string display;  // the answer as a person would read it
};

struct ReviewView {
  identity::Organisation org;
  toolkit::store::PublicationRecord publication;
  const Framework* framework = nullptr;
  std::vector<PublishedItem> items;  // the items that applied, in the framework's order
  std::optional<toolkit::store::ReviewRecord> review;
  std::map<std::string, toolkit::store::ReviewItemRecord> judgements;
  std::map<std::string, toolkit::store::PlanRecord> plan;  // the assessment's plan now
  Stage stage = Stage::not_requested;
  bool may_request = false;  // the actor may ask for (or change) the reviewer
  bool is_reviewer = false;  // the actor is the reviewer asked, and may still review

  Draft draft() const;
  std::vector<std::string> items_to_review() const;
};

// The publication named, which must be of that organisation and assessment (anything else is
// not found), for someone who may read the organisation's private records.
ReviewView load_review(Database& db, const Library& library, const identity::Actor& actor,
                       int64_t org_id, int64_t assessment_id, int64_t publication_id);

// The people the organisation lead may ask, each once.
std::vector<toolkit::store::ReviewerCandidate> reviewer_candidates(Database& db,
                                                                   const identity::Actor& actor,
                                                                   int64_t org_id);

// The organisation lead asks a person to review the publication (or, while the review is open,
// gives it to someone else). The person must hold review rights over the organisation.
void request_review(Database& db, const Library& library, const identity::Actor& actor,
                    int64_t org_id, int64_t assessment_id, int64_t publication_id,
                    int64_t reviewer_id, int64_t now);

// The reviewer saves judgements and text; a draft may be incomplete. Items left out of
// `draft.items` are left as they were; an item with an empty judgement and note is cleared.
void save_review(Database& db, const Library& library, const identity::Actor& actor, int64_t org_id,
                 int64_t assessment_id, int64_t publication_id, const Draft& draft, int64_t now);

// The reviewer finalises: the review must be complete. Adds the plan entries and freezes it.
// Returns the plan entries added or changed.
std::vector<toolkit::store::PlanRecord> finalise_review(Database& db, const Library& library,
                                                        const identity::Actor& actor,
                                                        int64_t org_id, int64_t assessment_id,
                                                        int64_t publication_id, int64_t now);

}  // namespace cg::toolkit::review
