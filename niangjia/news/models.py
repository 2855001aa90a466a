"""Models of this app (see docs/ for the domain)."""
