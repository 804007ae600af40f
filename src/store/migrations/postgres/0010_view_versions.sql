-- Servers keep dashboard views in memory between requests (src/oversight/view_cache.h). A kept
-- view may be used only while the numbers below have not moved since it was made. Triggers
-- move them in the same transaction as any change a dashboard shows, whoever makes it (another
-- server, the command line, an import), so no writer can forget to.
--
-- oversight_version (was status_counts_version, which the counters code still moves): any
-- change to an organisation's listed details or place, or to any recorded status. Once per
-- statement: an import touching many rows moves it once.
ALTER TABLE status_counts_version RENAME TO oversight_version;

CREATE FUNCTION oversight_version_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE oversight_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER organisations_oversight
  AFTER INSERT OR DELETE OR UPDATE OF parent_id, path, type, name, ods_code, cqc_location_id,
    region_id, ics_id, staff_count ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION oversight_version_move();
CREATE TRIGGER org_status_oversight AFTER INSERT OR UPDATE OR DELETE ON org_status
  FOR EACH STATEMENT EXECUTE FUNCTION oversight_version_move();

-- portfolio_versions: per support organisation, any change to its portfolio or to an
-- assessment of one of its providers (every change to an answer updates its assessment's
-- updated_at). Per support organisation, so answers saved elsewhere in the country do not
-- throw away its kept view.
CREATE TABLE portfolio_versions (
  support_org_id BIGINT PRIMARY KEY REFERENCES organisations(id),
  version BIGINT NOT NULL
);

CREATE FUNCTION portfolio_version_move(support_org BIGINT) RETURNS void LANGUAGE sql AS $$
  INSERT INTO portfolio_versions (support_org_id, version) VALUES (support_org, 1)
    ON CONFLICT (support_org_id) DO UPDATE SET version = portfolio_versions.version + 1;
$$;

CREATE FUNCTION portfolio_versions_on_portfolio() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM portfolio_version_move(OLD.support_org_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM portfolio_version_move(NEW.support_org_id); END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER portfolio_versions_portfolio AFTER INSERT OR UPDATE OR DELETE ON portfolio
  FOR EACH ROW EXECUTE FUNCTION portfolio_versions_on_portfolio();

CREATE FUNCTION portfolio_versions_on_assessment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  support_org BIGINT;
BEGIN
  FOR support_org IN
    SELECT DISTINCT support_org_id FROM portfolio
    WHERE (TG_OP <> 'INSERT' AND provider_id = OLD.org_id)
       OR (TG_OP <> 'DELETE' AND provider_id = NEW.org_id)
  LOOP
    PERFORM portfolio_version_move(support_org);
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER portfolio_versions_assessments AFTER INSERT OR UPDATE OR DELETE ON assessments
  FOR EACH ROW EXECUTE FUNCTION portfolio_versions_on_assessment();
