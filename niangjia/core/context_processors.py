from niangjia.core import navigation, scoping, selectors


def navigation_context(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {"is_staff": False, "unread": 0}}
    is_staff = scoping.has_role(user)
    # Volunteer lawyers and psychologists hold no staff role but have their own queue in rights.
    counsellor_url = None
    if not is_staff and scoping.has_role(user, {"lawyer", "psychologist"}):
        counsellor_url = navigation.url_or_none("rights:workbench")
    path = request.path
    section = "home"
    if path.startswith("/me/messages"):
        section = "messages"
    elif path.startswith("/me"):
        section = "me"
    elif path.startswith("/workbench") or "/workbench" in path:
        section = "workbench"
    role_held: tuple[str, ...] = ()
    if is_staff:
        groups, active = navigation.workbench_groups(path, allowed=lambda roles: scoping.has_role(user, roles))
        workbench_url = navigation.url_or_none("core:workbench")
    else:
        # A role with its own workbench registered by an app (a supplier login): same shell, its own links.
        role_held = tuple(r for r in navigation.role_workbench_roles() if scoping.has_role(user, {r}))
        groups, active = navigation.role_workbench_groups(path, role_held) if role_held else ([], None)
        workbench_url = groups[0]["links"][0]["url"] if groups else None
        if active is not None:
            section = "workbench"
    return {
        "nav": {
            "groups": groups,
            "active": active,
            "header": _header(user, scoping.STAFF_ROLES | frozenset(role_held)) if is_staff or role_held else None,
            "is_staff": is_staff,
            "workbench_url": workbench_url,
            "counsellor_url": counsellor_url,
            "unread": selectors.unread_count(user),
            "section": section,
            "workbench_links": [link for g in groups for link in g["links"]],
        }
    }




def hotline(request) -> dict:
    """The union hotline (12351 in the demo), configurable per deployment, for tel: links on every page."""
    from django.conf import settings

    number = getattr(settings, "NIANGJIA_HOTLINE", "12351")
    return {"hotline": {"number": number, "tel": "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")}}


def _header(user, roles=scoping.STAFF_ROLES) -> dict:
    """Who is working: name, their highest union and role (from the roles already loaded for scoping)."""
    grants = [g for g in scoping.roles_of(user) if g.role in roles]
    top = grants[0] if grants else None
    return {
        "name": str(user),
        "union": top.org.name if top else "",
        "role": top.get_role_display() if top else "",
        "more": max(len(grants) - 1, 0),
    }
