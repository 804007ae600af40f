-- Servers keep dashboard views in memory between requests (src/oversight/view_cache.h). A kept
-- view may be used only while the numbers below have not moved since it was made. Triggers
-- move them in the same transaction as any change a dashboard shows, whoever makes it (another
-- server, the command line, an import), so no writer can forget to.
--
-- oversight_version (was status_counts_version, which the counters code still moves): any
-- change to an organisation's listed details or place, or to any recorded status.
ALTER TABLE status_counts_version RENAME TO oversight_version;

CREATE TRIGGER organisations_oversight_insert AFTER INSERT ON organisations BEGIN
  UPDATE oversight_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER organisations_oversight_delete AFTER DELETE ON organisations BEGIN
  UPDATE oversight_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER organisations_oversight_update
  AFTER UPDATE OF parent_id, path, type, name, ods_code, cqc_location_id, region_id, ics_id,
    staff_count ON organisations BEGIN
  UPDATE oversight_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER org_status_oversight_insert AFTER INSERT ON org_status BEGIN
  UPDATE oversight_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER org_status_oversight_update AFTER UPDATE ON org_status BEGIN
  UPDATE oversight_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER org_status_oversight_delete AFTER DELETE ON org_status BEGIN
  UPDATE oversight_version SET version = version + 1 WHERE id = 1;
END;

-- portfolio_versions: per support organisation, any change to its portfolio or to an
-- assessment of one of its providers (every change to an answer updates its assessment's
-- updated_at). Per support organisation, so answers saved elsewhere in the country do not
-- throw away its kept view.
CREATE TABLE portfolio_versions (
  support_org_id INTEGER PRIMARY KEY REFERENCES organisations(id),
  version INTEGER NOT NULL
);

CREATE TRIGGER portfolio_versions_add AFTER INSERT ON portfolio BEGIN
  INSERT INTO portfolio_versions (support_org_id, version) VALUES (new.support_org_id, 1)
    ON CONFLICT (support_org_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER portfolio_versions_remove AFTER DELETE ON portfolio BEGIN
  INSERT INTO portfolio_versions (support_org_id, version) VALUES (old.support_org_id, 1)
    ON CONFLICT (support_org_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER portfolio_versions_move AFTER UPDATE ON portfolio BEGIN
  INSERT INTO portfolio_versions (support_org_id, version)
    VALUES (old.support_org_id, 1), (new.support_org_id, 1)
    ON CONFLICT (support_org_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER assessments_portfolio_insert AFTER INSERT ON assessments BEGIN
  INSERT INTO portfolio_versions (support_org_id, version)
    SELECT support_org_id, 1 FROM portfolio WHERE provider_id = new.org_id
    ON CONFLICT (support_org_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER assessments_portfolio_update AFTER UPDATE ON assessments BEGIN
  INSERT INTO portfolio_versions (support_org_id, version)
    SELECT support_org_id, 1 FROM portfolio WHERE provider_id IN (old.org_id, new.org_id)
    ON CONFLICT (support_org_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER assessments_portfolio_delete AFTER DELETE ON assessments BEGIN
  INSERT INTO portfolio_versions (support_org_id, version)
    SELECT support_org_id, 1 FROM portfolio WHERE provider_id = old.org_id
    ON CONFLICT (support_org_id) DO UPDATE SET version = version + 1;
END;
