-- Accounts can be disabled and erased; invitations; the audit trail; login rate limiting.

ALTER TABLE accounts
    ADD COLUMN disabled   boolean NOT NULL DEFAULT false,
    ADD COLUMN erased     boolean NOT NULL DEFAULT false,
    ADD COLUMN updated_at timestamptz;

ALTER TABLE councils ADD COLUMN representative_id uuid;

-- Read model of Invitation events (the code itself is never stored, only in the letter).
CREATE TABLE invitations (
    id          uuid PRIMARY KEY,
    council_id  uuid NOT NULL,
    expires_at  timestamptz NOT NULL,
    status      text NOT NULL CHECK (status IN ('pending', 'claimed', 'revoked')),
    issued_at   timestamptz NOT NULL,
    issued_by   text NOT NULL,
    claimed_by  uuid,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX invitations_by_council ON invitations (council_id, issued_at DESC);

-- Read model of every event: who changed what, when. Actors by account id only.
CREATE TABLE audit (
    notification_id bigint PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    actor_role      text NOT NULL,
    actor_account   uuid,
    aggregate_type  text NOT NULL,
    aggregate_id    uuid NOT NULL,
    event_type      text NOT NULL
);
CREATE INDEX audit_by_aggregate ON audit (aggregate_id, notification_id);
CREATE INDEX audit_by_actor ON audit (actor_account, notification_id);

-- Durable, not a read model: failed sign-ins per username and per address, per window.
CREATE TABLE login_failures (
    key          text NOT NULL,
    window_start timestamptz NOT NULL,
    failures     integer NOT NULL,
    PRIMARY KEY (key, window_start)
);
