-- Read models of the spine: editions and the council registry.
-- Read models are disposable: `assembly projections rebuild` empties and replays them.

CREATE TABLE editions (
    id                  uuid PRIMARY KEY,
    year_be             integer NOT NULL UNIQUE,
    title_th            text NOT NULL,
    proposal_opens_at   timestamptz NOT NULL,
    proposal_closes_at  timestamptz NOT NULL,
    categories          jsonb NOT NULL,
    from_paper          boolean NOT NULL,
    opened_at           timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);

CREATE TABLE councils (
    id                  uuid PRIMARY KEY,
    code                text NOT NULL UNIQUE,
    name_th             text NOT NULL,
    province_code       text NOT NULL,
    district_code       text NOT NULL,
    subdistrict_code    text NOT NULL,
    district_name_th    text NOT NULL,
    subdistrict_name_th text NOT NULL,
    registered_at       timestamptz NOT NULL
);

CREATE INDEX councils_by_place ON councils (province_code, subdistrict_code, code);
