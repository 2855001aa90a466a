"""Models of the care app (to be built)."""
