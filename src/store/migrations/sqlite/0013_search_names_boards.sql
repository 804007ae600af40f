-- The public search's kept index (oversight/name_index.h) now also holds what a result shows
-- besides its status: each organisation's type and the name of its ICS. So the search names
-- version must move when an organisation changes ICS, as it already does for names (an ICS
-- renamed), types, codes, and organisations added or removed.
DROP TRIGGER organisations_search_names_update;
CREATE TRIGGER organisations_search_names_update
  AFTER UPDATE OF type, name, ods_code, cqc_location_id, ics_id ON organisations BEGIN
  UPDATE search_names_version SET version = version + 1 WHERE id = 1;
END;
