#pragma once
// Who may comment on an item of a provider's assessment, and what a comment may hold, as plain
// functions over plain values. Support advisers (through their portfolio), auditors and the
// provider's own leads may comment; staff, analysts and others who can only read may not.
#include <cstddef>
#include <string>

#include "identity/policy.h"

namespace cg::toolkit::comments {

inline constexpr size_t kMaxCommentChars = 2000;

// The decision table: a role held in an organisation related to the provider as `relation`.
// held_in_provider: the role is held in a care provider (so a lead's descendants are its sites).
bool comment_permits(identity::Role role, identity::Relation relation, bool held_in_provider);
// Whether the actor may comment on the target organisation's assessments. Commenting also
// needs view_private, so this is never wider than what the policy lets the actor read.
bool may_comment(const identity::Actor& actor, const identity::OrgRef& target);

// Line endings made "\n", control characters other than new lines and tabs dropped, white
// space around the text trimmed.
std::string tidy_body(const std::string& raw);
// Characters (Unicode code points) in UTF-8 text.
size_t utf8_length(const std::string& text);
bool valid_utf8(const std::string& text);
// What is wrong with a tidied comment, empty when it may be saved.
std::string body_problem(const std::string& tidied);

}  // namespace cg::toolkit::comments
