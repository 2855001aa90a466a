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
    ("training:contests", _("Skill contests"), "练"),
    ("jobs:home", _("Jobs"), "岗"),
    ("market:home", _("Farm produce"), "农"),
    ("events:home", _("Trips & events"), "游"),
    ("news:home", _("Notices"), "讯"),
]

# The workbench sidebar: groups by module, each link with the roles it needs (None: any staff role).
# A link whose URL name does not resolve (app not installed) is left out, so no link leads to a 404.
ADMIN = frozenset({"admin"})
WORKBENCH_GROUPS = [
    (_("Workbench"), [
        ("core:workbench", _("To-do"), None),
        ("core:stats", _("Statistics"), None),
        ("core:audit_log", _("Audit log"), None),
        ("core:payouts", _("Payout batches"), None),
    ]),
    (_("Members"), [
        ("core:member_list", _("Members"), None),
        ("core:approvals", _("Join and transfer requests"), None),
        ("core:org_tree", _("Org tree"), None),
        ("core:accounts_locked", _("Locked accounts"), ADMIN),
    ]),
    (_("Hardship relief"), [
        ("relief:workbench", _("Relief applications"), None),
        ("relief:files", _("Hardship files"), None),
        ("relief:households", _("Households"), None),
        ("relief:batches", _("Payment batches"), None),
        ("relief:monitoring", _("Monitoring"), None),
        ("relief:reports", _("Reports"), None),
    ]),
    (_("Medical mutual aid"), [
        ("mutual_aid:workbench", _("Plans and enrolment"), None),
        ("mutual_aid:enrolments", _("Enrolled members"), None),
        ("mutual_aid:review", _("Claims to review"), None),
        ("mutual_aid:payouts", _("Payouts"), None),
        ("mutual_aid:stats", _("Mutual aid statistics"), None),
    ]),
    (_("Rights & hotline"), [
        ("rights:workbench", _("Rights cases"), None),
        ("rights:mediations", _("Mediation"), None),
        ("rights:letters", _("Supervision letters"), None),
        ("rights:risk", _("Employer risk"), None),
        ("rights:stats", _("Case statistics"), None),
    ]),
    (_("Care campaigns"), [
        ("care:workbench", _("Care campaigns"), None),
    ]),
    (_("Workers' congress"), [
        ("congress:workbench", _("Congresses and votes"), None),
        ("congress:proposals_workbench", _("Congress proposals"), None),
    ]),
    (_("Collective bargaining"), [
        ("bargaining:workbench", _("Negotiations and agreements"), None),
        ("bargaining:stats", _("Bargaining statistics"), None),
    ]),
    (_("Skill contests"), [
        ("training:contest_workbench", _("Skill contests"), None),
        ("training:contest_banks", _("Question banks"), None),
    ]),
    (_("Trips & events"), [
        ("events:workbench", _("Events and places"), None),
    ]),
    (_("Awards and honours"), [
        ("honors:workbench", _("Scoring panels"), None),
        ("honors:rounds", _("Award rounds"), None),
        ("honors:mentorship_staff", _("Mentor pairs"), None),
        ("honors:registry", _("Model-worker registry"), None),
    ]),
    (_("Poverty-relief market"), [
        ("market:workbench", _("Flash sales"), None),
        ("market:cycles", _("Group orders"), None),
        ("market:welfare", _("Welfare-spending gauge"), None),
        ("market:suppliers", _("Suppliers"), None),
    ]),
    (_("Online classes"), [
        ("training:workbench", _("Courses"), None),
        ("training:certificates", _("Course certificates"), None),
        ("training:stats", _("Classroom statistics"), None),
    ]),
    (_("Notices"), [
        ("news:workbench", _("Notices and read receipts"), None),
    ]),
    (_("Online job fairs"), [
        ("jobs:workbench", _("Employers and job fairs"), None),
        ("jobs:help", _("1-3-1 job help"), None),
    ]),
]
# Kept for callers that want a flat list (the phone chip bar).
WORKBENCH_LINKS = [(name, label) for _group, links in WORKBENCH_GROUPS for name, label, _roles in links]


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


# Apps add entries without core naming them (registered in the app's AppConfig.ready()):
# - `register_workbench_links`: more staff links, into a group of WORKBENCH_GROUPS (or a new group);
# - `register_role_workbench`: the whole sidebar of a role that is not a staff role (a supplier login), shown in
#   the same shell to holders of that role who hold no staff role.
_ROLE_WORKBENCHES: dict[str, list] = {}


def register_workbench_links(group_label, links) -> None:
    """`links` = [(url_name, label, roles or None)]; appended to the group with this label (or a new group)."""
    from django.utils import translation

    with translation.override(None):  # compare msgids, whatever language is active at start-up
        key = str(group_label)
        found = next((existing for label, existing in WORKBENCH_GROUPS if str(label) == key), None)
    if found is not None:
        names = {name for name, _l, _r in found}
        found.extend(link for link in links if link[0] not in names)
        return
    WORKBENCH_GROUPS.append((group_label, list(links)))


def register_role_workbench(role: str, groups) -> None:
    """`groups` = [(label, [(url_name, label), ...])] for holders of `role`; the first link is their home."""
    _ROLE_WORKBENCHES[role] = [(label, [(name, text, None) for name, text in links]) for label, links in groups]


def role_workbench_roles() -> tuple[str, ...]:
    return tuple(_ROLE_WORKBENCHES)


def role_workbench_groups(current_path: str, roles) -> tuple[list[dict], dict | None]:
    """The sidebar of the registered roles the user holds (in registration order), and the active link."""
    spec = [group for role in _ROLE_WORKBENCHES if role in roles for group in _ROLE_WORKBENCHES[role]]
    return _build(spec, current_path, lambda _roles: True)


def workbench_groups(current_path: str, *, allowed) -> tuple[list[dict], dict | None]:
    """(groups with their visible links, the active link). `allowed(roles)` answers for the current user.

    The active link is the one whose URL is the longest prefix of the current path, so a sub-page
    (/relief/workbench/files/12/) lights up its own entry (档案), not the module's first page.
    """
    return _build(WORKBENCH_GROUPS, current_path, allowed)


def _build(spec, current_path: str, allowed) -> tuple[list[dict], dict | None]:
    groups, best, best_len = [], None, -1
    for group_label, links in spec:
        visible = []
        for name, label, roles in links:
            url = _url(name)
            if url is None or (roles is not None and not allowed(roles)):
                continue
            link = {"label": label, "url": url, "active": False, "group": group_label}
            visible.append(link)
            matches = current_path == url if name == "core:workbench" else current_path.startswith(url)
            if matches and len(url) > best_len:
                best, best_len = link, len(url)
        if visible:
            groups.append({"label": group_label, "links": visible})
    if best is not None:
        best["active"] = True
    return groups, best


def workbench_links(current_path: str, *, is_admin: bool = False) -> list[dict]:
    groups, _active = workbench_groups(current_path, allowed=lambda roles: is_admin or not (roles & ADMIN))
    return [link for g in groups for link in g["links"]]
