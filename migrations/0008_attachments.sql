-- Attachment bytes, content-addressed (durable: a rebuild never touches them), and the
-- read model of which proposal has which attachments.
CREATE TABLE files (
    sha256      text PRIMARY KEY,
    media_type  text NOT NULL,
    size        integer NOT NULL,
    data        bytea NOT NULL,
    stored_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE proposal_attachments (
    attachment_id uuid PRIMARY KEY,
    proposal_id   uuid NOT NULL,
    filename      text NOT NULL,
    media_type    text NOT NULL,
    size          integer NOT NULL,
    sha256        text NOT NULL,
    added_at      timestamptz NOT NULL
);
CREATE INDEX proposal_attachments_by_proposal ON proposal_attachments (proposal_id, added_at);
