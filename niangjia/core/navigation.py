"""Home tiles and workbench links. An app appears once its URL name resolves; until then its tile
shows 即将开通 (coming soon) and its workbench link is hidden."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

TILES = [
    ("relief:home", _("Hardship relief"), "帮"),
    ("mutual_aid:home", _("Medical mutual aid"), "医"),
    ("rights:home", _("Legal & counselling"), "法"),
    ("care:home", _("Care & greetings"), "暖"),
    ("congress:home", _("Workers' congress"), "代"),
    ("bargaining:home", _("Wage bargaining"), "薪"),
    ("training:home", _("Online classes"), "学"),
    ("jobs:home", _("Jobs"), "岗"),
    ("market:home", _("Farm produce"), "农"),
    ("events:home", _("Trips & events"), "游"),
]

WORKBENCH_LINKS = [
    ("core:workbench", _("Overview")),
    ("core:org_tree", _("Org tree")),
    ("core:member_list", _("Members")),
    ("core:approvals", _("Approvals")),
    ("core:stats", _("Statistics")),
    ("core:audit_log", _("Audit log")),
    ("core:accounts_locked", _("Locked accounts"), "admin"),
    ("relief:workbench", _("Hardship relief")),
    ("mutual_aid:workbench", _("Medical mutual aid")),
    ("care:workbench", _("Care campaigns")),
    ("rights:workbench", _("Rights & hotline")),
]


def url_or_none(name: str) -> str | None:
    return _url(name)


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def tiles() -> list[dict]:
    return [{"label": label, "icon": icon, "url": _url(name), "name": name} for name, label, icon in TILES]


def workbench_links(current_path: str, *, is_admin: bool = False) -> list[dict]:
    links = []
    for name, label, *only in WORKBENCH_LINKS:
        url = _url(name)
        if url is None or (only == ["admin"] and not is_admin):
            continue
        active = current_path == url if name == "core:workbench" else current_path.startswith(url)
        links.append({"label": label, "url": url, "active": active})
    return links
