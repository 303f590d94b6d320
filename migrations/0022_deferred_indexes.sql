-- Indexes a catch-up into empty tables dropped, to build once at its end (building an index
-- over the rows is several times cheaper than keeping it through each insert and update).
-- A catch-up stopped or killed leaves them here; the next start of the runner builds them.
CREATE TABLE deferred_indexes (
    name       text PRIMARY KEY,
    definition text NOT NULL
);
