"""Courses, lessons, enrolments (云课堂) and skill contests (网上练兵)."""
