-- The province's queue unfiltered by status reads newest first: an index in that order (with
-- the id that breaks ties) lets PostgreSQL stop after the first page instead of sorting the
-- whole province.
CREATE INDEX proposals_province_recent ON proposals (year_be, province_code, updated_at DESC, id);
