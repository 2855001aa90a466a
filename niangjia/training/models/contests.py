"""Question banks, contests and attempts (网上练兵)."""

__all__: list[str] = []
