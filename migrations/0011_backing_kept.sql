-- What stands behind each recommendation, kept by the projector instead of counted on every
-- read (the national board listed every recommendation's councils over all their proposals:
-- 200 ms at 80,000 proposals). Each issue's proposals carry their council for that count.
ALTER TABLE issue_proposals ADD COLUMN council_id uuid;
UPDATE issue_proposals ip SET council_id = p.council_id FROM proposals p WHERE p.id = ip.proposal_id;

ALTER TABLE recommendations
    ADD COLUMN provinces  integer NOT NULL DEFAULT 0,
    ADD COLUMN issues     integer NOT NULL DEFAULT 0,
    ADD COLUMN councils   integer NOT NULL DEFAULT 0,
    ADD COLUMN proposals  integer NOT NULL DEFAULT 0,
    ADD COLUMN households bigint NOT NULL DEFAULT 0;

UPDATE recommendations r SET provinces = s.pv, issues = s.iss, proposals = s.n,
    households = s.h, councils = cc.c
FROM (SELECT r0.id, count(DISTINCT i.province_code) AS pv, count(i.id) AS iss,
             coalesce(sum(i.proposal_count), 0) AS n, coalesce(sum(i.households), 0) AS h
      FROM recommendations r0
      LEFT JOIN recommendation_issues ri ON ri.recommendation_id = r0.id
      LEFT JOIN issues i ON i.id = ri.issue_id
      GROUP BY r0.id) s,
LATERAL (SELECT count(DISTINCT ip.council_id) AS c
         FROM recommendation_issues r2 JOIN issue_proposals ip ON ip.issue_id = r2.issue_id
         WHERE r2.recommendation_id = s.id) cc
WHERE r.id = s.id;
