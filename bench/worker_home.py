"""Page weight of the worker home (issue 13: under 100 KB transferred with compression).

Renders the home page for an anonymous visitor, a member and a member in elder mode, follows every stylesheet
and script the page loads from /static/, and adds up the bytes a phone downloads: each file gzip-compressed at
level 6 (what whitenoise serves; brotli, when installed, is smaller still) and, as the simple approach measured in
the same run, the same files uncompressed. Images are data: URIs or none.

    .venv/bin/python bench/worker_home.py

Without DATABASE_URL it uses var/bench_worker_home.sqlite3 (migrated on the fly).
"""

import argparse
import gzip
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niangjia.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench_worker_home.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

LIMIT = 100 * 1024
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _member():
    from niangjia.core import pii
    from niangjia.core.demo import synthetic_id, synthetic_uscc
    from niangjia.core.models import Org, User
    from niangjia.core.services.members import create_member_row

    user = User.objects.filter(phone_index=pii.blind_index("13799990001", purpose="phone")).first()
    if user:
        return user
    import random

    rng = random.Random(1)
    city = Org.objects.create(name="基准市总工会", level="city", region_code="330100", path="", depth=1)
    city.path = f"{city.pk:08d}"
    city.save(update_fields=["path"])
    union = Org.objects.create(name="基准公司工会", level="grassroots", parent=city, region_code="330100", path="",
                               depth=2, uscc=synthetic_uscc(rng, "330100"), employer_name="基准公司")
    union.path = city.path + f"{union.pk:08d}"
    union.save(update_fields=["path"])
    user = User.objects.create_user("13799990001", "Bench-pass-2026", display_name="基准", real_name="基准职工")
    user.verified_at = timezone.now()
    user.save()
    create_member_row(org=union, user=user, name="基准职工", id_number=synthetic_id(rng, "330102", 1),
                      phone="13799990001")
    return user


def weigh(client: Client) -> dict:
    response = client.get("/")
    assert response.status_code == 200, response.status_code
    html = response.content
    compressed, raw = _gz(html), len(html)
    assets = sorted(set(ASSET.findall(html.decode())))
    for url in assets:
        path = finders.find(url.removeprefix("/static/").split("?")[0])
        if path is None:
            raise SystemExit(f"MISMATCH: the page loads {url}, which no static finder has")
        data = Path(path).read_bytes()
        compressed += _gz(data)
        raw += len(data)
    return {"html_bytes": len(html), "assets": assets, "transferred_gzip": compressed, "uncompressed": raw,
            "ratio_uncompressed_to_gzip": round(raw / compressed, 2), "under_100kb": compressed < LIMIT}


def main(argv=None, test_database: bool = False) -> dict:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    if not test_database:
        (ROOT / "var").mkdir(exist_ok=True)
        call_command("migrate", verbosity=0)
    started = time.perf_counter()
    user = _member()
    results = {"anonymous": weigh(Client())}
    client = Client()
    client.force_login(user)
    results["member"] = weigh(client)
    type(user).objects.filter(pk=user.pk).update(elder_mode=True)
    results["member_elder_mode"] = weigh(client)
    type(user).objects.filter(pk=user.pk).update(elder_mode=False)
    for name, r in results.items():
        if not r["under_100kb"]:
            raise SystemExit(f"OVER: the {name} home transfers {r['transferred_gzip']} bytes")
    out = {"machine": platform.platform(), "python": platform.python_version(),
           "date": timezone.now().date().isoformat(), "seconds": round(time.perf_counter() - started, 2),
           "limit_bytes": LIMIT, "results": results}
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return out


if __name__ == "__main__":
    main()
