-- Canonical content words of each proposal, segmented once by the projector, so the
-- similarity index can be (re)built at start without segmenting every text again.
ALTER TABLE proposals
    ADD COLUMN title_words text NOT NULL DEFAULT '',
    ADD COLUMN body_words  text NOT NULL DEFAULT '';
