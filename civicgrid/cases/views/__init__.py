"""Staff pages of cases: lists (with export and batches), the case page, the map, boards."""
