"""Past editions entered whole from the paper record, and the same problem across years."""
