-- Proposals read model: the current state of each proposal, searchable in Thai (tokens are
-- segmented in Python by the projector: PostgreSQL has no Thai parser), and its history.

CREATE TABLE proposals (
    id                  uuid PRIMARY KEY,
    year_be             integer NOT NULL,
    council_id          uuid NOT NULL,
    council_name_th     text NOT NULL,
    province_code       text NOT NULL,
    district_code       text NOT NULL,
    status              text NOT NULL,
    title_th            text NOT NULL,
    problem_th          text NOT NULL,
    recommendation_th   text NOT NULL,
    category            text,
    level               text,
    affected_households integer,
    affected_people     integer,
    tambon_codes        text[] NOT NULL,
    plan_reference      text NOT NULL,
    on_behalf           boolean NOT NULL,
    version             integer NOT NULL,
    drafted_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    submitted_at        timestamptz,
    return_reason_th    text,
    search              tsvector NOT NULL
);
CREATE INDEX proposals_queue ON proposals (year_be, province_code, status, updated_at DESC);
CREATE INDEX proposals_by_council ON proposals (council_id, updated_at DESC);
CREATE INDEX proposals_national ON proposals (year_be, status, updated_at DESC);
CREATE INDEX proposals_search ON proposals USING gin (search);

CREATE TABLE proposal_history (
    proposal_id    uuid NOT NULL,
    version        integer NOT NULL,
    occurred_at    timestamptz NOT NULL,
    event_type     text NOT NULL,
    actor_role     text NOT NULL,
    actor_account  uuid,
    reason_th      text,
    PRIMARY KEY (proposal_id, version)
);
