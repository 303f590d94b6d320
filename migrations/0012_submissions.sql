-- Submissions (the read model, rebuilt from events), every version of each (for the diff),
-- and two durable tables a rebuild leaves alone: the signatories' names (personal data, kept
-- out of events and erasable) and the export jobs with their progress.
CREATE TABLE submissions (
    id              uuid PRIMARY KEY,
    year_be         integer NOT NULL,
    province_code   text,
    status          text NOT NULL,          -- draft | final
    letter          jsonb NOT NULL,
    items           jsonb NOT NULL,         -- [{id, version, seen, title_th, text_th, agencies}]
    corrects        uuid,
    document_number text,
    dated           date,
    document_sha256 text,
    version         integer NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX submissions_by_year ON submissions (year_be, province_code, created_at);

CREATE TABLE submission_versions (
    submission_id uuid NOT NULL,
    version       integer NOT NULL,
    occurred_at   timestamptz NOT NULL,
    event_type    text NOT NULL,
    actor_role    text NOT NULL,
    letter        jsonb NOT NULL,
    items         jsonb NOT NULL,
    PRIMARY KEY (submission_id, version)
);

CREATE TABLE signatories (
    id        uuid PRIMARY KEY,
    name_th   text,                          -- NULL once erased
    stored_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE exports (
    id            uuid PRIMARY KEY,
    submission_id uuid NOT NULL,
    version       integer NOT NULL,
    format        text NOT NULL,
    status        text NOT NULL,             -- queued | running | done | failed
    progress      real NOT NULL DEFAULT 0,
    message_th    text NOT NULL DEFAULT '',
    sha256        text,
    size          integer,
    error_th      text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);
CREATE INDEX exports_by_submission ON exports (submission_id, format, version, created_at DESC);

-- The organization's letterhead (read model): the emblem printed on its letters.
CREATE TABLE letterhead (
    id            integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    emblem_sha256 text
);
