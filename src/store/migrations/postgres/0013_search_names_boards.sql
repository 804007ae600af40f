-- The public search's kept index (oversight/name_index.h) now also holds what a result shows
-- besides its status: each organisation's type and the name of its ICS. So the search names
-- version must move when an organisation changes ICS, as it already does for names (an ICS
-- renamed), types, codes, and organisations added or removed.
DROP TRIGGER organisations_search_names ON organisations;
CREATE TRIGGER organisations_search_names
  AFTER INSERT OR DELETE OR UPDATE OF type, name, ods_code, cqc_location_id, ics_id
  ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION search_names_version_move();
