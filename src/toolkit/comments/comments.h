#pragma once
// Comments on items of a provider's assessment: support advisers (through their portfolio),
// auditors and the provider's own leads leave plain-text comments; everyone who may read the
// provider's private records sees them, newest first. Comments are audited and never edited.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "identity/model.h"
#include "identity/policy.h"
#include "store/database.h"
#include "toolkit/comments/comment_rules.h"
#include "toolkit/comments/comment_store.h"
#include "toolkit/content/loader.h"
#include "toolkit/service.h"

namespace cg::toolkit::comments {

struct ItemComments {
  identity::Organisation org;
  toolkit::store::AssessmentRecord assessment;
  const Item* item = nullptr;
  std::vector<store::CommentRecord> comments;  // newest first
  bool may_comment = false;
};

// The comments on an item, for someone who may read the organisation's private records
// (not found otherwise, or when the assessment or item is not the organisation's).
ItemComments item_comments(cg::store::Database& db, const Library& library,
                           const identity::Actor& actor, int64_t org_id, int64_t assessment_id,
                           const std::string& item_id);
// The same for an assessment already loaded (load_assessment checked who may read it).
ItemComments item_comments(cg::store::Database& db, const identity::Actor& actor,
                           const AssessmentView& view, const std::string& item_id);

// Adds a comment. Not found for someone who may not read the organisation's private records,
// forbidden for a reader who may not comment, a validation error (field "body") for an empty
// or over-long comment. Returns the new comment's id.
int64_t add_comment(cg::store::Database& db, const Library& library, const identity::Actor& actor,
                    int64_t org_id, int64_t assessment_id, const std::string& item_id,
                    const std::string& body, int64_t now);

// Template context for templates/portfolio/comments_section.mustache. Give it as "comments" in
// a page's context (the question page shows the section when it is there). `body` and `error`
// re-show a comment that could not be saved.
nlohmann::json section_context(const ItemComments& comments, const std::string& body = "",
                               const std::string& error = "");

}  // namespace cg::toolkit::comments
