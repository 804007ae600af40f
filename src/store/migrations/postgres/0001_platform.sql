-- Platform: organisations, people, roles, sessions, invitations, tokens, audit, outbox.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE organisations (
  id BIGSERIAL PRIMARY KEY,
  parent_id BIGINT REFERENCES organisations(id),
  path TEXT NOT NULL DEFAULT '/',
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  ods_code TEXT UNIQUE,
  cqc_location_id TEXT UNIQUE,
  region_id BIGINT REFERENCES organisations(id),
  ics_id BIGINT REFERENCES organisations(id),
  staff_count BIGINT NOT NULL DEFAULT 0,
  people_supported BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX organisations_parent ON organisations(parent_id);
CREATE INDEX organisations_path ON organisations(path);
CREATE INDEX organisations_name ON organisations(lower(name));

CREATE TABLE portfolio (
  support_org_id BIGINT NOT NULL REFERENCES organisations(id),
  provider_id BIGINT NOT NULL REFERENCES organisations(id),
  added_at BIGINT NOT NULL,
  PRIMARY KEY (support_org_id, provider_id)
);
CREATE INDEX portfolio_provider ON portfolio(provider_id);

CREATE TABLE people (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT,
  mfa_secret TEXT,
  mfa_enabled_at BIGINT,
  mfa_last_step BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  disabled_at BIGINT
);

CREATE TABLE memberships (
  id BIGSERIAL PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people(id),
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (person_id, org_id, role)
);
CREATE INDEX memberships_org ON memberships(org_id);

CREATE TABLE recovery_codes (
  id BIGSERIAL PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people(id),
  code_hash TEXT NOT NULL,
  used_at BIGINT
);
CREATE INDEX recovery_codes_person ON recovery_codes(person_id);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people(id),
  stage TEXT NOT NULL,
  active_org_id BIGINT REFERENCES organisations(id),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  reauthenticated_at BIGINT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE sign_in_attempts (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL,
  address TEXT NOT NULL,
  at BIGINT NOT NULL,
  succeeded BIGINT NOT NULL
);
CREATE INDEX sign_in_attempts_email ON sign_in_attempts(email, at);
CREATE INDEX sign_in_attempts_address ON sign_in_attempts(address, at);

CREATE TABLE invitations (
  id BIGSERIAL PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  invited_by BIGINT NOT NULL REFERENCES people(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  accepted_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX invitations_org ON invitations(org_id);

CREATE TABLE api_tokens (
  id BIGSERIAL PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people(id),
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX api_tokens_person ON api_tokens(person_id);

CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  org_id BIGINT,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  summary TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_org ON audit_log(org_id, id);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE outbox (
  id BIGSERIAL PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  attempts BIGINT NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX outbox_unsent ON outbox(sent_at, id);
