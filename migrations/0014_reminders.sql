-- The scheduler looks every few seconds for proposals returned and not yet told to their
-- council: only the returns, not the whole history.
CREATE INDEX proposal_history_returned ON proposal_history (occurred_at)
    WHERE event_type = 'Returned';
