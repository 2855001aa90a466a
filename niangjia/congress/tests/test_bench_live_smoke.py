"""bench/congress_live.py at a tiny size against the real servers (scripts/serve: the WSGI site and the live ASGI
process) on its own SQLite file: every listener gets the published result, over SSE and by polling."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_live_benchmark_runs_and_delivers_to_every_listener(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'bench_live.sqlite3'}",
           "NIANGJIA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "niangjia.settings"}
    env.pop("NIANGJIA_DEBUG", None)
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "congress_live.py"), "--listeners", "6",
                          "--poll-interval", "0.5", "--poll-warmup", "1"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout[run.stdout.index("{"):])
    assert out["sse"]["connected"] == 6 and out["sse"]["delivered"] == 6 and out["sse"]["lost"] == 0
    assert out["sse_cold_server"]["delivered"] == 6 and out["sse_cold_server"]["lost"] == 0
    assert out["polling"]["delivered"] == 6 and out["polling"]["errors"] == 0
    assert out["sse"]["live_rss_mb"] > 0
