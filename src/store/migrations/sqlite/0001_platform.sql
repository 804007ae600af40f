-- Platform: organisations, people, roles, sessions, invitations, tokens, audit, outbox.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES organisations(id),
  path TEXT NOT NULL DEFAULT '/',
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  ods_code TEXT UNIQUE,
  cqc_location_id TEXT UNIQUE,
  region_id INTEGER REFERENCES organisations(id),
  ics_id INTEGER REFERENCES organisations(id),
  staff_count INTEGER NOT NULL DEFAULT 0,
  people_supported INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX organisations_parent ON organisations(parent_id);
CREATE INDEX organisations_path ON organisations(path);
CREATE INDEX organisations_name ON organisations(name COLLATE NOCASE);

CREATE TABLE portfolio (
  support_org_id INTEGER NOT NULL REFERENCES organisations(id),
  provider_id INTEGER NOT NULL REFERENCES organisations(id),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (support_org_id, provider_id)
);
CREATE INDEX portfolio_provider ON portfolio(provider_id);

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT,
  mfa_secret TEXT,
  mfa_enabled_at INTEGER,
  mfa_last_step INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  disabled_at INTEGER
);

CREATE TABLE memberships (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (person_id, org_id, role)
);
CREATE INDEX memberships_org ON memberships(org_id);

CREATE TABLE recovery_codes (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  code_hash TEXT NOT NULL,
  used_at INTEGER
);
CREATE INDEX recovery_codes_person ON recovery_codes(person_id);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  stage TEXT NOT NULL,
  active_org_id INTEGER REFERENCES organisations(id),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  reauthenticated_at INTEGER NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE sign_in_attempts (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  address TEXT NOT NULL,
  at INTEGER NOT NULL,
  succeeded INTEGER NOT NULL
);
CREATE INDEX sign_in_attempts_email ON sign_in_attempts(email, at);
CREATE INDEX sign_in_attempts_address ON sign_in_attempts(address, at);

CREATE TABLE invitations (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  invited_by INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  accepted_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX invitations_org ON invitations(org_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_person ON api_tokens(person_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  org_id INTEGER,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  summary TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_org ON audit_log(org_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX outbox_unsent ON outbox(sent_at, id);
