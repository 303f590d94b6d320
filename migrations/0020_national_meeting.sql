-- The national meeting (read model, rebuilt from events): the meeting of each edition with
-- its revision (bumped in the same transaction by every event of the meeting, so the hall
-- screen re-renders when it moves), its sessions, its agenda items with their vote and
-- tally, its delegates with their badge codes, the check-ins per session and the votes.
CREATE TABLE national_meetings (
    year_be     integer PRIMARY KEY,
    id          uuid NOT NULL UNIQUE,
    days        date[] NOT NULL,
    revision    bigint NOT NULL DEFAULT 0,  -- notification id of the meeting's newest event
    updated_at  timestamptz NOT NULL
);

CREATE TABLE national_sessions (
    id          uuid PRIMARY KEY,
    year_be     integer NOT NULL,
    day         date NOT NULL,
    starts_at   time NOT NULL,               -- Bangkok
    title_th    text NOT NULL,
    category    text,
    quorum      integer                       -- none: more than half of those registered
);
CREATE INDEX national_sessions_by_year ON national_sessions (year_be, day, starts_at);

CREATE TABLE national_agenda (
    id                uuid PRIMARY KEY,        -- the agenda item (its events' originator)
    year_be           integer NOT NULL,
    recommendation_id uuid NOT NULL,
    session_id        uuid,                    -- none: taken off every session's agenda
    position          integer NOT NULL DEFAULT 0,
    vote              text NOT NULL DEFAULT 'not_opened',  -- not_opened, open, closed
    opened_at         timestamptz,
    closed_at         timestamptz,
    votes_for         integer NOT NULL DEFAULT 0,  -- live while open; the close's count after
    votes_against     integer NOT NULL DEFAULT 0,
    votes_abstain     integer NOT NULL DEFAULT 0,
    present           integer,                 -- at the close
    registered        integer,
    quorum            integer,
    quorum_reached    boolean,
    outcome           text,                    -- adopted, amended, rejected
    amended_text_th   text,
    resolved_at       timestamptz,
    UNIQUE (year_be, recommendation_id)
);
CREATE INDEX national_agenda_by_session ON national_agenda (session_id, position);

CREATE TABLE national_delegates (
    year_be       integer NOT NULL,
    account_id    uuid NOT NULL,
    kind          text NOT NULL,               -- elected, expert
    province_code text,
    badge_code    text NOT NULL UNIQUE,        -- printed on the badge (organizers only)
    registered_at timestamptz NOT NULL,
    PRIMARY KEY (year_be, account_id)
);

CREATE TABLE national_checkins (
    session_id    uuid NOT NULL,
    account_id    uuid NOT NULL,
    year_be       integer NOT NULL,
    checked_in_at timestamptz NOT NULL,
    PRIMARY KEY (session_id, account_id)
);

CREATE TABLE national_votes (
    item_id     uuid NOT NULL,
    account_id  uuid NOT NULL,
    year_be     integer NOT NULL,
    session_id  uuid NOT NULL,
    choice      text NOT NULL,                 -- for, against, abstain
    cast_at     timestamptz NOT NULL,
    PRIMARY KEY (item_id, account_id)
);
CREATE INDEX national_votes_recent ON national_votes (year_be, cast_at DESC);
