#include "toolkit/comments/comment_rules.h"

#include <cstdint>

namespace cg::toolkit::comments {

using identity::Relation;
using identity::Role;

bool comment_permits(Role role, Relation relation, bool held_in_provider) {
  switch (role) {
    case Role::support_adviser:
      return relation == Relation::portfolio;
    case Role::auditor:
      return relation == Relation::same || relation == Relation::descendant;
    case Role::org_lead:
      // The provider's own lead (or the lead of the provider a site belongs to); the lead of
      // an ICS, region or support organisation oversees and does not comment as the provider.
      return relation == Relation::same || (relation == Relation::descendant && held_in_provider);
    case Role::staff:
    case Role::analyst:
    case Role::national_admin:
      return false;
  }
  return false;
}

bool may_comment(const identity::Actor& actor, const identity::OrgRef& target) {
  if (!identity::allowed(actor, identity::Action::view_private, target)) return false;
  for (const auto& m : actor.memberships) {
    const Relation relation = identity::relation_between(m, actor, target);
    if (identity::permits(m.role, identity::Action::view_private, relation) &&
        comment_permits(m.role, relation, identity::is_provider_type(m.org_type)))
      return true;
  }
  return false;
}

std::string tidy_body(const std::string& raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(raw[i]);
    if (ch == '\r') {
      out.push_back('\n');
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    } else if (ch == '\n' || ch == '\t' || ch >= 0x20) {
      if (ch != 0x7f) out.push_back(static_cast<char>(ch));
    }
  }
  const auto first = out.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  const auto last = out.find_last_not_of(" \t\n");
  return out.substr(first, last - first + 1);
}

size_t utf8_length(const std::string& text) {
  size_t n = 0;
  for (unsigned char ch : text)
    if ((ch & 0xC0) != 0x80) ++n;
  return n;
}

bool valid_utf8(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char ch = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    uint32_t cp = 0;
    if (ch < 0x80) {
      ++i;
      continue;
    } else if ((ch & 0xE0) == 0xC0) {
      extra = 1;
      cp = ch & 0x1F;
    } else if ((ch & 0xF0) == 0xE0) {
      extra = 2;
      cp = ch & 0x0F;
    } else if ((ch & 0xF8) == 0xF0) {
      extra = 3;
      cp = ch & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // cut short
    for (size_t k = 1; k <= extra; ++k) {
      const unsigned char cont = static_cast<unsigned char>(text[i + k]);
      if ((cont & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cont & 0x3F);
    }
    // Overlong forms, surrogates and code points beyond Unicode are not text.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return false;
    i += extra + 1;
  }
  return true;
}

std::string body_problem(const std::string& tidied) {
  if (tidied.empty()) return "Enter your comment";
  if (!valid_utf8(tidied)) return "Enter your comment as plain text";
  if (utf8_length(tidied) > kMaxCommentChars)
    return "Your comment must be 2,000 characters or fewer";
  return "";
}

}  // namespace cg::toolkit::comments
