"""Models of the mutual_aid app (to be built)."""
