-- Facts about this installation that are not domain events (e.g. that demo data was loaded).
CREATE TABLE instance (
    key     text PRIMARY KEY,
    value   text NOT NULL,
    set_at  timestamptz NOT NULL DEFAULT now()
);
