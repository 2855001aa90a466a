"""Models of the relief app (to be built)."""
