-- Consolidation read model: provincial issues, which proposals each holds now, their
-- timelines, the national recommendations and the issues behind each.

CREATE TABLE issues (
    id                uuid PRIMARY KEY,
    year_be           integer NOT NULL,
    province_code     text NOT NULL,
    title_th          text NOT NULL,
    summary_th        text NOT NULL,
    recommendation_th text NOT NULL DEFAULT '',
    category          text,
    status            text NOT NULL,          -- open, merged, dissolved
    merged_into       uuid,
    split_from        uuid,
    from_suggestion   boolean NOT NULL,
    rank              integer,                -- the province's order, 1 first; NULL unranked
    version           integer NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    -- what stands behind it, kept current by the projector (the national board sums them)
    proposal_count    integer NOT NULL DEFAULT 0,
    council_count     integer NOT NULL DEFAULT 0,
    households        bigint NOT NULL DEFAULT 0
);
CREATE INDEX issues_by_province ON issues (year_be, province_code, status);
CREATE INDEX issues_by_year ON issues (year_be, status, category);

CREATE TABLE issue_proposals (
    proposal_id uuid PRIMARY KEY,             -- a proposal is in at most one issue
    issue_id    uuid NOT NULL,
    attached_at timestamptz NOT NULL
);
CREATE INDEX issue_proposals_by_issue ON issue_proposals (issue_id);

CREATE TABLE issue_history (
    issue_id      uuid NOT NULL,
    version       integer NOT NULL,
    occurred_at   timestamptz NOT NULL,
    event_type    text NOT NULL,
    actor_role    text NOT NULL,
    actor_account uuid,
    other_issue   uuid,                       -- merged into / absorbed from / split off
    proposal_ids  uuid[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (issue_id, version)
);

CREATE TABLE rejected_suggestions (
    year_be       integer NOT NULL,
    province_code text NOT NULL,
    proposal_ids  uuid[] NOT NULL,            -- sorted
    rejected_at   timestamptz NOT NULL,
    PRIMARY KEY (year_be, province_code, proposal_ids)
);

CREATE TABLE recommendations (
    id                uuid PRIMARY KEY,
    year_be           integer NOT NULL,
    title_th          text NOT NULL,
    text_th           text NOT NULL,
    agencies          text[] NOT NULL,
    from_paper_record boolean NOT NULL,
    version           integer NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX recommendations_by_year ON recommendations (year_be, created_at);

-- The issues behind each recommendation, as they stand now: when an issue is merged into
-- another, its row follows to the issue that holds its proposals.
CREATE TABLE recommendation_issues (
    recommendation_id uuid NOT NULL,
    issue_id          uuid NOT NULL,
    PRIMARY KEY (recommendation_id, issue_id)
);
CREATE INDEX recommendation_issues_by_issue ON recommendation_issues (issue_id);

-- An edition whose submission was finalized: consolidation is frozen.
ALTER TABLE editions ADD COLUMN finalized_at timestamptz;
