"""The meetings' read side: `national` (queries) and `national_projector` for the national
meeting; the provincial piece keeps its own modules beside them."""
