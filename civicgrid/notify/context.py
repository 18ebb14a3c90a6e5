from civicgrid.notify.services import unread_count


def bell(request):
    """The unread count for the header bell: one indexed count per staff page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
