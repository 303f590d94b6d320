-- People (mutable, erasable: PDPA) and sessions are durable tables, not read models:
-- a rebuild never touches them. The `accounts` table is a read model of Account events.

CREATE TABLE people (
    account_id      uuid PRIMARY KEY,
    username        text NOT NULL UNIQUE,
    display_name    text NOT NULL DEFAULT '',
    password_hash   text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
    token_hash      bytea PRIMARY KEY,
    account_id      uuid NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('cookie', 'bearer')),
    csrf_token      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz
);
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE accounts (
    id              uuid PRIMARY KEY,
    role            text NOT NULL,
    province_code   text,
    council_id      uuid,
    agency          text,
    opened_at       timestamptz NOT NULL
);
