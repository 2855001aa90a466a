"""Courses, lessons, enrolments, progress and certificates (云课堂)."""

__all__: list[str] = []
