"""Collective wage bargaining: negotiations, offers and agreements."""
