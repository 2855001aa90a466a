"""Run a benchmark script from bench/ in-process at a tiny size, inside the test database.

The smoke tests exist so that a schema change which breaks a benchmark fails CI (bench/scope.py stayed
broken for weeks after a NOT NULL column was added). Each benchmark also checks that its fast and its
simple path agree and exits with MISMATCH when they do not; that exit fails the smoke test too.
"""

import importlib.util
import os
import pathlib

import django

BENCH = pathlib.Path(__file__).resolve().parents[3] / "bench"


def run_benchmark(monkeypatch, name: str, argv: list[str]) -> None:
    # The scripts configure Django themselves when run from a shell; here Django is already set up, and
    # their fallback DATABASE_URL must not leak into the environment of later tests.
    monkeypatch.setenv("DATABASE_URL", os.environ.get("DATABASE_URL") or "sqlite:///unused-by-smoke-test")
    monkeypatch.setattr(django, "setup", lambda *args, **kwargs: None)
    from django.conf import settings

    for setting in ("DEBUG", "ALLOWED_HOSTS"):  # the scripts set these; restored after the test
        monkeypatch.setattr(settings, setting, getattr(settings, setting))
    spec = importlib.util.spec_from_file_location(f"bench_{name}_smoke", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(argv, test_database=True)
