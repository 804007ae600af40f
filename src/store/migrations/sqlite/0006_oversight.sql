-- Oversight: every organisation's status for each toolkit edition (from publications made here
-- or from imported national lists), and counters kept in step with it so that dashboards read a
-- few hundred rows however many organisations there are.
CREATE TABLE org_status (
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  edition TEXT NOT NULL,
  status TEXT NOT NULL,
  published_on TEXT NOT NULL,
  valid_until INTEGER NOT NULL,
  plan_due_on TEXT NOT NULL DEFAULT '',
  unmet_items TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  publication_id INTEGER REFERENCES publications(id),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (org_id, edition)
);
CREATE INDEX org_status_edition ON org_status(edition, status);

CREATE TABLE status_counts (
  area_id INTEGER NOT NULL,
  edition TEXT NOT NULL,
  dimension TEXT NOT NULL,
  value TEXT NOT NULL,
  status TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (area_id, edition, dimension, value, status)
);

CREATE INDEX organisations_ics ON organisations(ics_id, name);
CREATE INDEX organisations_region ON organisations(region_id, name);
CREATE INDEX organisations_ods ON organisations(ods_code COLLATE NOCASE);
