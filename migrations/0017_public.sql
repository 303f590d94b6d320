-- The public pages' cache key (read model, rebuilt from events): the notification id of the
-- newest event that changed anything the public pages show. Written by the `public`
-- projector in the same transaction as every other projector's rows of that batch, so a
-- web process that reads a new revision also reads the rows behind it.
CREATE TABLE public_revision (
    id       integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    revision bigint NOT NULL
);
