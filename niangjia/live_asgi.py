"""The live-listener server (云听会, server-sent events): `granian --interface asgi niangjia.live_asgi:application`.
scripts/serve starts it next to the WSGI site; see docs/ARCHITECTURE.md ("Live listeners")."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niangjia.settings")
django.setup()

from niangjia.congress.live import application  # noqa: E402,F401
