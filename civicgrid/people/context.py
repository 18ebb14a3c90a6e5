from civicgrid.people import actions as A
from civicgrid.people.scopes import can

# nav key -> any of these actions shows the link
NAV = {
    "posters": (A.COMMUNITY_POSTER,),
    "consult": (A.CONSULT_MANAGE, A.CONSULT_VIEW),
    "supervision": (A.CASE_URGE, A.CASE_ESCALATE, A.CASE_EXTENSION),
    "field": (A.CASE_HANDLE, A.CASE_VERIFY),
    "whistles": (A.CASE_WHISTLE, A.CASE_HANDLE),
    "hotline": (A.HOTLINE_IMPORT,),
    "patrol": (A.FIELD_PATROL,),
    "compliance": (A.FIELD_COMPLIANCE,),
}


def nav(request):
    """Which header links this user sees; grants are loaded once per request anyway."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav": {key: any(can(user, a) for a in held) for key, held in NAV.items()}}
