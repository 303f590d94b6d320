-- The yearly calendar: each edition's phases (read model), the amendments of begun phases
-- with their reasons, the window's close, and drafts left unsent at it.
ALTER TABLE editions ADD COLUMN proposals_closed_at timestamptz;

CREATE TABLE edition_phases (
    year_be    integer NOT NULL,
    phase      text NOT NULL,            -- proposals | provincial | national | submission | answers
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    amended    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (year_be, phase)
);
INSERT INTO edition_phases (year_be, phase, starts_at, ends_at)
SELECT year_be, 'proposals', proposal_opens_at, proposal_closes_at FROM editions;

CREATE TABLE timeline_amendments (
    year_be     integer NOT NULL,
    phase       text NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    reason_th   text NOT NULL,
    amended_at  timestamptz NOT NULL,
    actor_role  text NOT NULL
);
CREATE INDEX timeline_amendments_by_year ON timeline_amendments (year_be, amended_at);

ALTER TABLE proposals ADD COLUMN left_unsent boolean NOT NULL DEFAULT false;

-- Durable (a rebuild leaves them): what each account was told, what is still to be sent
-- by e-mail or SMS, and which deadlines have fired. A key makes each once: a reminder
-- ("drafts-3d:2569") reaches an account once, however often it is asked for.
CREATE TABLE notifications (
    id          bigserial PRIMARY KEY,
    account_id  uuid NOT NULL,
    key         text NOT NULL,
    kind        text NOT NULL,
    subject_th  text NOT NULL,
    body_th     text NOT NULL,
    link        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz,
    UNIQUE (account_id, key)
);
CREATE INDEX notifications_by_account ON notifications (account_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (account_id) WHERE read_at IS NULL;

CREATE TABLE outbox (
    id               bigserial PRIMARY KEY,
    notification_id  bigint NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    channel          text NOT NULL,       -- email | sms | log
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    last_error       text,
    UNIQUE (notification_id, channel)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;

CREATE TABLE fired_deadlines (
    key       text PRIMARY KEY,           -- "close:2569", "drafts-3d:2569", …
    fired_at  timestamptz NOT NULL DEFAULT now(),
    outcome   text NOT NULL DEFAULT ''
);
