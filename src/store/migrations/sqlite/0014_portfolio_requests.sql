-- A support organisation sees a provider's private records only once the provider has said yes
-- (issue 13, finding 1). A support organisation's lead asks; the provider's lead accepts or
-- declines; a national admin may assign directly. Only an accepted request (or an assignment)
-- adds a row to portfolio, which is all that visibility reads, so an open request shows nothing.
CREATE TABLE portfolio_requests (
  id INTEGER PRIMARY KEY,
  support_org_id INTEGER NOT NULL REFERENCES organisations(id),
  provider_id INTEGER NOT NULL REFERENCES organisations(id),
  requested_by INTEGER NOT NULL REFERENCES people(id),
  requested_at INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  decided_by INTEGER REFERENCES people(id),
  decided_at INTEGER,
  outcome TEXT CHECK (outcome IN ('accepted', 'declined', 'withdrawn', 'assigned'))
);
-- At most one open request between a support organisation and a provider.
CREATE UNIQUE INDEX portfolio_requests_open ON portfolio_requests(support_org_id, provider_id)
  WHERE decided_at IS NULL;
CREATE INDEX portfolio_requests_provider ON portfolio_requests(provider_id)
  WHERE decided_at IS NULL;
