-- Councils are listed in DOPA order (tambon, then code) and paged on that key.
DROP INDEX IF EXISTS councils_by_place;
CREATE INDEX councils_by_place ON councils (province_code, subdistrict_code, code);
