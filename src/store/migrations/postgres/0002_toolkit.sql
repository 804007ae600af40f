-- The care toolkit: assessments, answers with their history, improvement plans,
-- certificates and immutable publications.
CREATE TABLE assessments (
  id BIGSERIAL PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  framework_id TEXT NOT NULL,
  edition TEXT NOT NULL,
  copied_from BIGINT REFERENCES assessments(id),
  created_by BIGINT REFERENCES people(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, framework_id, edition)
);

CREATE TABLE answers (
  id BIGSERIAL PRIMARY KEY,
  assessment_id BIGINT NOT NULL REFERENCES assessments(id),
  item_id TEXT NOT NULL,
  value TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  carried_over BIGINT NOT NULL DEFAULT 0,
  updated_by BIGINT REFERENCES people(id),
  updated_at BIGINT NOT NULL,
  UNIQUE (assessment_id, item_id)
);

CREATE TABLE answer_history (
  id BIGSERIAL PRIMARY KEY,
  assessment_id BIGINT NOT NULL REFERENCES assessments(id),
  item_id TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  old_note TEXT,
  new_note TEXT,
  changed_by BIGINT REFERENCES people(id),
  changed_at BIGINT NOT NULL
);
CREATE INDEX answer_history_item ON answer_history(assessment_id, item_id, id);

CREATE TABLE plan_entries (
  id BIGSERIAL PRIMARY KEY,
  assessment_id BIGINT NOT NULL REFERENCES assessments(id),
  item_id TEXT NOT NULL,
  action TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  target_date TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  UNIQUE (assessment_id, item_id)
);

CREATE TABLE certificates (
  id BIGSERIAL PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  kind TEXT NOT NULL,
  number TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX certificates_org ON certificates(org_id);

CREATE TABLE publications (
  id BIGSERIAL PRIMARY KEY,
  assessment_id BIGINT NOT NULL REFERENCES assessments(id),
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  framework_id TEXT NOT NULL,
  edition TEXT NOT NULL,
  edition_deadline TEXT NOT NULL,
  status TEXT NOT NULL,
  published_at BIGINT NOT NULL,
  published_by BIGINT REFERENCES people(id),
  snapshot TEXT NOT NULL
);
CREATE INDEX publications_org ON publications(org_id, published_at);
CREATE FUNCTION publications_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a publication cannot be changed or deleted';
END;
$$;
CREATE TRIGGER publications_immutable BEFORE UPDATE OR DELETE ON publications
  FOR EACH ROW EXECUTE FUNCTION publications_immutable();

-- Evidence is kept once per organisation and linked to as many items as it proves.
CREATE TABLE evidence (
  id BIGSERIAL PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  review_date TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES people(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX evidence_org ON evidence(org_id);

CREATE TABLE evidence_links (
  assessment_id BIGINT NOT NULL REFERENCES assessments(id),
  item_id TEXT NOT NULL,
  evidence_id BIGINT NOT NULL REFERENCES evidence(id),
  linked_at BIGINT NOT NULL,
  PRIMARY KEY (assessment_id, item_id, evidence_id)
);
