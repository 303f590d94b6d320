-- The forum before the meetings (read model, rebuilt from events): endorsements (one row per
-- council and subject while it stands), comments with their moderation state and report
-- counts, each council's report, and the moderation history the author reads.
CREATE TABLE forum_endorsements (
    subject_id    uuid NOT NULL,
    council_id    uuid NOT NULL,
    subject_kind  text NOT NULL,              -- issue | recommendation
    year_be       integer NOT NULL,
    account_id    uuid,
    endorsed_at   timestamptz NOT NULL,
    PRIMARY KEY (subject_id, council_id)
);
CREATE INDEX forum_endorsements_by_council ON forum_endorsements (council_id);

-- Every endorsement aggregate's subject and council (its later events name only itself).
CREATE TABLE forum_endorsements_known (
    id           uuid PRIMARY KEY,
    subject_id   uuid NOT NULL,
    council_id   uuid NOT NULL,
    subject_kind text NOT NULL,
    year_be      integer NOT NULL
);

CREATE TABLE forum_comments (
    id              uuid PRIMARY KEY,
    seq             bigint NOT NULL UNIQUE,   -- the Posted event's notification id: page order
    subject_id      uuid NOT NULL,
    subject_kind    text NOT NULL,
    year_be         integer NOT NULL,
    province_code   text NOT NULL,            -- the author council's
    council_id      uuid NOT NULL,
    account_id      uuid,
    body_th         text NOT NULL,
    posted_at       timestamptz NOT NULL,
    hidden          boolean NOT NULL DEFAULT false,
    hidden_reason_th text,
    hidden_at       timestamptz,
    reports         integer NOT NULL DEFAULT 0,
    last_reported_at timestamptz
);
CREATE INDEX forum_comments_by_subject ON forum_comments (subject_id, seq DESC);
CREATE INDEX forum_comments_reported ON forum_comments (year_be, reports DESC, seq DESC);

CREATE TABLE forum_reports (
    comment_id  uuid NOT NULL,
    council_id  uuid NOT NULL,
    reason_th   text NOT NULL,
    reported_at timestamptz NOT NULL,
    PRIMARY KEY (comment_id, council_id)
);

CREATE TABLE forum_moderation (
    comment_id  uuid NOT NULL,
    seq         bigint NOT NULL,
    kind        text NOT NULL,                -- hidden | unhidden
    reason_th   text NOT NULL,
    actor_role  text NOT NULL,
    occurred_at timestamptz NOT NULL,
    PRIMARY KEY (comment_id, seq)
);
