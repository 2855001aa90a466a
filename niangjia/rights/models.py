"""Models of the rights app (to be built)."""
