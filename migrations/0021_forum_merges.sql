-- The forum follows a merged issue: each provincial issue merged away, with the issue that
-- survives it now (kept flat: when the survivor is merged in turn, its merged issues move on
-- to the new survivor). The survivor's forum shows their comments and counts each council's
-- endorsement once. Projected from consolidation's MergedInto events by the forum projector.
CREATE TABLE forum_merges (
    merged_id   uuid PRIMARY KEY,
    survivor_id uuid NOT NULL
);
CREATE INDEX forum_merges_by_survivor ON forum_merges (survivor_id);

-- Merges made before this table: from consolidation's read model, followed to the end of
-- each chain (a rebuild gives the same rows from the events).
WITH RECURSIVE chain (merged_id, survivor_id) AS (
    SELECT id, merged_into FROM issues WHERE status = 'merged' AND merged_into IS NOT NULL
    UNION ALL
    SELECT c.merged_id, i.merged_into FROM chain c
    JOIN issues i ON i.id = c.survivor_id AND i.status = 'merged' AND i.merged_into IS NOT NULL
)
INSERT INTO forum_merges (merged_id, survivor_id)
SELECT c.merged_id, c.survivor_id FROM chain c
JOIN issues i ON i.id = c.survivor_id AND i.status <> 'merged';
