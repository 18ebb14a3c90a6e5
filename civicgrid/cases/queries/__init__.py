"""Read-only queries behind the staff pages: what a page shows beyond the rows of a list."""
