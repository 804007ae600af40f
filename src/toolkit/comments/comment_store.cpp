#include "toolkit/comments/comment_store.h"

namespace cg::toolkit::comments::store {

void insert_comment(Connection& c, CommentRecord& m) {
  m.id =
      c.exec(
           "INSERT INTO item_comments (assessment_id, item_id, author_id, body, created_at) "
           "VALUES (?, ?, ?, ?, ?) RETURNING id",
           {m.assessment_id, m.item_id,
            m.author_id ? cg::store::Value(m.author_id) : cg::store::null(), m.body, m.created_at})
          .one()
          .integer(0);
}

std::vector<CommentRecord> comments_on(Connection& c, int64_t assessment_id,
                                       const std::string& item_id) {
  std::vector<CommentRecord> out;
  for (const auto& r :
       c.exec("SELECT m.id, m.assessment_id, m.item_id, m.author_id, p.name, m.body, m.created_at "
              "FROM item_comments m LEFT JOIN people p ON p.id = m.author_id "
              "WHERE m.assessment_id = ? AND m.item_id = ? ORDER BY m.created_at DESC, m.id DESC",
              {assessment_id, item_id})
           .rows)
    out.push_back({r.integer(0), r.integer(1), r.text(2), r.is_null(3) ? 0 : r.integer(3),
                   r.text(4), r.text(5), r.integer(6)});
  return out;
}

}  // namespace cg::toolkit::comments::store
