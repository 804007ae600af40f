#pragma once
// Comments on items of an assessment. Rows are only ever added: nobody edits a comment.
#include <string>
#include <vector>

#include "store/database.h"

namespace cg::toolkit::comments::store {

using cg::store::Connection;

struct CommentRecord {
  int64_t id = 0;
  int64_t assessment_id = 0;
  std::string item_id;
  int64_t author_id = 0;
  std::string author_name;  // read only; empty when the author is no longer registered
  std::string body;
  int64_t created_at = 0;
};

// Inserts the comment, filling its id.
void insert_comment(Connection& c, CommentRecord& comment);
// The comments on one item of one assessment, newest first.
std::vector<CommentRecord> comments_on(Connection& c, int64_t assessment_id,
                                       const std::string& item_id);

}  // namespace cg::toolkit::comments::store
