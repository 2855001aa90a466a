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
    return {
        "nav": {
            "is_staff": is_staff,
            "counsellor_url": counsellor_url,
            "unread": selectors.unread_count(user),
            "section": section,
            "workbench_links": (
                navigation.workbench_links(path, is_admin=scoping.has_role(user, scoping.ADMIN_ROLES))
                if is_staff
                else []
            ),
        }
    }


