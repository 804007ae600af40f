-- Uploaded evidence files, kept in the database (base64 text, so both dialects store them the
-- same way and backups include them), apart from the evidence rows that list them.
CREATE TABLE evidence_files (
  evidence_id BIGINT PRIMARY KEY REFERENCES evidence(id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  content TEXT NOT NULL
);
