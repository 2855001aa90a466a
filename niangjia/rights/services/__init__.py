"""Use cases of the rights app: each one scoped to the actor, audited and one transaction."""
