-- Servers keep the public search's index of names and codes in memory
-- (oversight/name_index_cache.h). It may be used only while the number below has not moved
-- since it was read. Only what the index holds moves it: which organisations exist, their type
-- (whether they are listed), name and codes. Statuses are read from the database for each page,
-- so publishing, which happens thousands of times a day before the deadline, leaves the index
-- alone.
CREATE TABLE search_names_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO search_names_version (id, version) VALUES (1, 0);

CREATE TRIGGER organisations_search_names_insert AFTER INSERT ON organisations BEGIN
  UPDATE search_names_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER organisations_search_names_delete AFTER DELETE ON organisations BEGIN
  UPDATE search_names_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER organisations_search_names_update
  AFTER UPDATE OF type, name, ods_code, cqc_location_id ON organisations BEGIN
  UPDATE search_names_version SET version = version + 1 WHERE id = 1;
END;
