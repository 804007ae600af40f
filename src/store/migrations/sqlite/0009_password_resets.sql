-- Self-service password reset. A reset link's token is kept only as its SHA-256 hash; each
-- row is one email sent, so counting rows per person gives the per-account limit.
CREATE TABLE password_resets (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  person_id INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX password_resets_person ON password_resets(person_id, created_at);

-- Every accepted request for a reset link, whether or not the address had an account, so
-- requests can be limited per client address without telling anyone which addresses exist.
CREATE TABLE password_reset_requests (
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX password_reset_requests_address ON password_reset_requests(address, at);

-- Sign-in attempts and reset requests are only ever counted over the last minutes, so rows
-- older than a day are deleted as new ones arrive (identity/store): these indexes keep that
-- cheap, and the tables small however many attempts an attacker makes.
CREATE INDEX password_reset_requests_at ON password_reset_requests(at);
CREATE INDEX sign_in_attempts_at ON sign_in_attempts(at);
