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
    groups, active = (
        navigation.workbench_groups(path, allowed=lambda roles: scoping.has_role(user, roles)) if is_staff else ([], None)
    )
    return {
        "nav": {
            "groups": groups,
            "active": active,
            "header": _header(user) if is_staff else None,
            "is_staff": is_staff,
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


def _header(user) -> dict:
    """Who is working: name, their highest union and role (from the roles already loaded for scoping)."""
    grants = [g for g in scoping.roles_of(user) if g.role in scoping.STAFF_ROLES]
    top = grants[0] if grants else None
    return {
        "name": str(user),
        "union": top.org.name if top else "",
        "role": top.get_role_display() if top else "",
        "more": max(len(grants) - 1, 0),
    }
