import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niangjia.settings")
application = get_wsgi_application()


def _warm() -> None:
    """Load the URL configuration (every app's views and the whole API) while the worker starts, not on the first
    request it serves. That load takes about 4 s on the 2-core machine (more under load), and `/healthz` answers
    before URL resolution, so a worker looked ready while the first real request — in the congress benchmark the
    chair's "close the vote" — waited seconds for the imports (bench/congress_live.py measures both ways)."""
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 - populating imports every urls module and the views behind them


if os.environ.get("NIANGJIA_WARMUP", "1") != "0":
    _warm()
