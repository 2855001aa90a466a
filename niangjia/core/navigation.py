"""Home tiles and workbench links. An app appears once its URL name resolves; until then its tile and its
workbench link are hidden (a worker is never shown a service that does not exist yet)."""

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


# The tiles an older worker uses most; 长辈模式 shows only these.
ELDER_TILES = ("membership", "my_business", "relief:home", "mutual_aid:home", "rights:home", "hotline")


def tiles(*, membership=None, verified: bool = False, hotline_tel: str = "", elder: bool = False) -> list[dict]:
    """The home tile grid: what this worker can do now. Services not built yet are left out."""
    own: list[dict] = []
    if membership is not None:
        own.append({"name": "membership", "label": _("Member card"), "icon": "证", "url": _url("core:card")})
    else:
        own.append({"name": "membership", "label": _("Join the union"), "icon": "入",
                    "url": _url("core:join") if verified else _url("core:verify")})
    own.append({"name": "my_business", "label": _("My applications"), "icon": "办", "url": _url("core:my_business")})
    apps = [{"label": label, "icon": icon, "url": _url(name), "name": name} for name, label, icon in TILES]
    self_test = {"name": "relief:self_test", "label": _("Hardship self-test"), "icon": "测",
                 "url": _url("relief:self_test")}
    hotline = {"name": "hotline", "label": _("Call the hotline"), "icon": "☎", "url": hotline_tel, "tel": True}
    result = [t for t in [*own, *apps, self_test, hotline] if t["url"]]
    if elder:
        order = {name: i for i, name in enumerate(ELDER_TILES)}
        result = sorted((t for t in result if t["name"] in order), key=lambda t: order[t["name"]])
    return result


def workbench_links(current_path: str, *, is_admin: bool = False) -> list[dict]:
    links = []
    for name, label, *only in WORKBENCH_LINKS:
        url = _url(name)
        if url is None or (only == ["admin"] and not is_admin):
            continue
        active = current_path == url if name == "core:workbench" else current_path.startswith(url)
        links.append({"label": label, "url": url, "active": active})
    return links
