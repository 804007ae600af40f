-- The care toolkit: assessments, answers with their history, improvement plans,
-- certificates and immutable publications.
CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  framework_id TEXT NOT NULL,
  edition TEXT NOT NULL,
  copied_from INTEGER REFERENCES assessments(id),
  created_by INTEGER REFERENCES people(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (org_id, framework_id, edition)
);

CREATE TABLE answers (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments(id),
  item_id TEXT NOT NULL,
  value TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  carried_over INTEGER NOT NULL DEFAULT 0,
  updated_by INTEGER REFERENCES people(id),
  updated_at INTEGER NOT NULL,
  UNIQUE (assessment_id, item_id)
);

CREATE TABLE answer_history (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments(id),
  item_id TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  old_note TEXT,
  new_note TEXT,
  changed_by INTEGER REFERENCES people(id),
  changed_at INTEGER NOT NULL
);
CREATE INDEX answer_history_item ON answer_history(assessment_id, item_id, id);

CREATE TABLE plan_entries (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments(id),
  item_id TEXT NOT NULL,
  action TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  target_date TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  UNIQUE (assessment_id, item_id)
);

CREATE TABLE certificates (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  kind TEXT NOT NULL,
  number TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX certificates_org ON certificates(org_id);

CREATE TABLE publications (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments(id),
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  framework_id TEXT NOT NULL,
  edition TEXT NOT NULL,
  edition_deadline TEXT NOT NULL,
  status TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  published_by INTEGER REFERENCES people(id),
  snapshot TEXT NOT NULL
);
CREATE INDEX publications_org ON publications(org_id, published_at);
CREATE TRIGGER publications_no_update BEFORE UPDATE ON publications
  BEGIN SELECT RAISE(ABORT, 'a publication cannot be changed'); END;
CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications
  BEGIN SELECT RAISE(ABORT, 'a publication cannot be deleted'); END;

-- Evidence is kept once per organisation and linked to as many items as it proves.
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  review_date TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES people(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX evidence_org ON evidence(org_id);

CREATE TABLE evidence_links (
  assessment_id INTEGER NOT NULL REFERENCES assessments(id),
  item_id TEXT NOT NULL,
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  linked_at INTEGER NOT NULL,
  PRIMARY KEY (assessment_id, item_id, evidence_id)
);
