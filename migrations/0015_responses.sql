-- The loop back from the Cabinet (read model, rebuilt from events): each submission's
-- resolution and its amendments, each recommendation's follow-up with the agencies assigned
-- and their answers (with every answer that was superseded), the agencies the secretariat
-- registered beyond the catalogue, and the public status changes the Atom feed reads.
CREATE TABLE agencies (
    code          text PRIMARY KEY,
    name_th       text NOT NULL,
    abbreviations text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE resolutions (
    submission_id uuid PRIMARY KEY,
    id            uuid NOT NULL,
    year_be       integer NOT NULL,
    resolved_on   date NOT NULL,
    notified_on   date NOT NULL,
    decision_th   text NOT NULL,
    amendments    integer NOT NULL DEFAULT 0,
    revision      integer NOT NULL DEFAULT 1,   -- bumped by every change to its follow-up
    recorded_at   timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX resolutions_by_year ON resolutions (year_be);

CREATE TABLE resolution_amendments (
    submission_id uuid NOT NULL,
    amended_at    timestamptz NOT NULL,
    resolved_on   date NOT NULL,
    decision_th   text NOT NULL,
    reason_th     text NOT NULL,
    actor_role    text NOT NULL
);
CREATE INDEX resolution_amendments_by_submission ON resolution_amendments (submission_id, amended_at);

CREATE TABLE followups (
    recommendation_id uuid PRIMARY KEY,
    id                uuid NOT NULL UNIQUE,      -- the follow-up aggregate (its events' originator)
    submission_id     uuid NOT NULL,
    year_be           integer NOT NULL,
    opened_at         timestamptz NOT NULL
);
CREATE INDEX followups_by_submission ON followups (submission_id);

-- One row per agency assigned to a recommendation; its answer, once there is one, on it.
CREATE TABLE assignments (
    recommendation_id uuid NOT NULL,
    agency            text NOT NULL,
    submission_id     uuid NOT NULL,
    year_be           integer NOT NULL,
    lead              boolean NOT NULL DEFAULT false,
    due_on            date,                       -- none: assigned by a paper answer
    assigned_with_answer boolean NOT NULL DEFAULT false,
    overdue_on        date,                       -- the due date it was marked overdue for
    draft_th          text,                       -- the agency's draft (never public)
    drafted_at        timestamptz,
    number            integer,                    -- ๑.N: its place in arrival order
    opinion_th        text,                       -- the answer that stands (public)
    sent_at           timestamptz,
    on_paper          boolean NOT NULL DEFAULT false,
    received_on       date,
    superseded        integer NOT NULL DEFAULT 0,
    assigned_at       timestamptz NOT NULL,
    PRIMARY KEY (recommendation_id, agency)
);
CREATE INDEX assignments_by_agency ON assignments (agency, due_on);
CREATE INDEX assignments_by_submission ON assignments (submission_id);
CREATE INDEX assignments_by_year ON assignments (year_be);

CREATE TABLE answer_history (
    recommendation_id uuid NOT NULL,
    agency            text NOT NULL,
    number            integer NOT NULL,
    kind              text NOT NULL,              -- sent | superseded
    opinion_th        text NOT NULL,
    reason_th         text NOT NULL DEFAULT '',
    on_paper          boolean NOT NULL,
    received_on       date,
    occurred_at       timestamptz NOT NULL
);
CREATE INDEX answer_history_by_recommendation ON answer_history (recommendation_id, occurred_at);

-- Public facts only (never a draft): what the Atom feed and the "what's new" lists read.
CREATE TABLE status_changes (
    id                bigserial PRIMARY KEY,
    notification_id   bigint NOT NULL,            -- of the event (a rebuild replays it the same)
    occurred_at       timestamptz NOT NULL,
    year_be           integer NOT NULL,
    kind              text NOT NULL,              -- finalized | resolved | amended | answered | superseded | overdue
    submission_id     uuid,
    recommendation_id uuid,
    agency            text,
    UNIQUE (notification_id, kind, recommendation_id, agency)
);
CREATE INDEX status_changes_by_time ON status_changes (occurred_at DESC, id DESC);
CREATE INDEX status_changes_by_year ON status_changes (year_be, occurred_at DESC);
ALTER TABLE recommendations ADD COLUMN category text;  -- a paper record's theme (live ones take their issues')
