-- Provincial meetings (issue 14; read model, rebuilt from events): one per province and
-- edition, its agenda, the councils present, each council's ranking (its ballot), the closed
-- vote's result, the resolutions, the delegates elected to the national meeting, and the
-- edition's quota of delegates. The live tally is counted from the rankings at read time by
-- the same Borda function the aggregate closes the vote with (assembly.meetings.borda).
CREATE TABLE provincial_meetings (
    id             uuid PRIMARY KEY,
    year_be        integer NOT NULL,
    province_code  text NOT NULL,
    starts_at      timestamptz NOT NULL,
    place_th       text NOT NULL,
    vote           text NOT NULL DEFAULT 'not_opened',   -- not_opened | open | closed
    closed         boolean NOT NULL DEFAULT false,
    scheduled_at   timestamptz NOT NULL,
    vote_opened_at timestamptz,
    vote_closed_at timestamptz,
    closed_at      timestamptz,
    revision       integer NOT NULL DEFAULT 1,            -- bumped by every change (ETag, polling)
    UNIQUE (year_be, province_code)
);

CREATE TABLE provincial_agenda (
    meeting_id uuid NOT NULL,
    position   integer NOT NULL,                          -- 1 = taken first
    issue_id   uuid NOT NULL,
    PRIMARY KEY (meeting_id, issue_id)
);
CREATE INDEX provincial_agenda_order ON provincial_agenda (meeting_id, position);

CREATE TABLE provincial_attendance (
    meeting_id  uuid NOT NULL,
    council_id  uuid NOT NULL,
    by_self     boolean NOT NULL,                         -- marked by its own representative
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (meeting_id, council_id)
);

CREATE TABLE provincial_rankings (
    meeting_id uuid NOT NULL,
    council_id uuid NOT NULL,
    issue_ids  uuid[] NOT NULL,                           -- most important first
    ranked_at  timestamptz NOT NULL,
    replaced   integer NOT NULL DEFAULT 0,                -- ranked again before the close
    PRIMARY KEY (meeting_id, council_id)
);

CREATE TABLE provincial_results (
    meeting_id uuid NOT NULL,
    place      integer NOT NULL,                          -- 1 = first in the Borda result
    issue_id   uuid NOT NULL,
    PRIMARY KEY (meeting_id, place)
);

CREATE TABLE provincial_resolutions (
    meeting_id uuid NOT NULL,
    number     integer NOT NULL,
    text_th    text NOT NULL,
    passed_at  timestamptz NOT NULL,
    PRIMARY KEY (meeting_id, number)
);

-- The shared contract with the national meeting: who each province elected, in order.
CREATE TABLE provincial_delegates (
    year_be       integer NOT NULL,
    province_code text NOT NULL,
    account_id    uuid NOT NULL,
    elected_at    timestamptz NOT NULL,
    PRIMARY KEY (year_be, province_code, account_id)
);
CREATE INDEX provincial_delegates_by_account ON provincial_delegates (account_id);

CREATE TABLE delegate_quotas (
    year_be                integer PRIMARY KEY,
    delegates_per_province integer NOT NULL
);
