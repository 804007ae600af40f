-- Comments on items of an assessment, left by support advisers, auditors and the
-- organisation's own leads. Plain text; never edited once written.
CREATE TABLE item_comments (
  id BIGSERIAL PRIMARY KEY,
  assessment_id BIGINT NOT NULL REFERENCES assessments(id),
  item_id TEXT NOT NULL,
  author_id BIGINT REFERENCES people(id),
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX item_comments_item ON item_comments(assessment_id, item_id, id);
