-- A number that moves whenever status_counts changes, in the same transaction: a server can
-- keep the counters it read in memory and read them again only when this has moved, which
-- stays right with several servers (or the command line) writing to one database.
CREATE TABLE status_counts_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO status_counts_version (id, version) VALUES (1, 0);
