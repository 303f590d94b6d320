-- Exports of a finalized submission change as answers come back: each is kept per kind
-- (the submission's letter, or its follow-up "สรุปผลการพิจารณา") and per revision of the
-- follow-up (0: no resolution yet), so a new answer gives a new file and nothing new the
-- same one. Rows made before have the letter's kind and revision 0, which they showed.
ALTER TABLE exports ADD COLUMN kind text NOT NULL DEFAULT 'submission';
ALTER TABLE exports ADD COLUMN revision integer NOT NULL DEFAULT 0;
DROP INDEX exports_by_submission;
CREATE INDEX exports_by_submission
    ON exports (submission_id, kind, format, version, revision, created_at DESC);
