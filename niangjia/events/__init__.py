"""Events with quotas and waiting lists: recuperation, matchmaking, lectures, volunteering."""
