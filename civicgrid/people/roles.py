"""The standard roles a city starts with; administrators may edit or add roles in admin."""

from civicgrid.people import actions as A
from civicgrid.people.models import Role

PRESETS = {
    "grid_worker": (
        "网格员",
        [
            A.CASE_VIEW,
            A.CASE_REPORT,
            A.CASE_SELF_HANDLE,
            A.CASE_VERIFY,
            A.FIELD_PATROL,
            A.SHOP_INSPECT,
        ],
    ),
    "station_head": (
        "工作站站长",
        [
            A.CASE_VIEW,
            A.CASE_VIEW_CONTACT,
            A.CASE_REPORT,
            A.CASE_ACCEPT,
            A.CASE_SELF_HANDLE,
            A.CASE_VERIFY,
            A.CASE_ESCALATE,
            A.CASE_WHISTLE,
            A.CASE_URGE,
            A.CASE_MERGE,
            A.COMMUNITY_POSTER,
            A.CONSULT_VIEW,
            A.TASK_ASSIGN,
            A.FIELD_PATROL,
            A.FIELD_ROSTER,
            A.FIELD_COMPLIANCE,
            A.SHOP_INSPECT,
            A.SHOP_MANAGE,
            A.DUTY_MANAGE,
            A.DUTY_REPORT,
            A.AMENITY_MANAGE,
            A.SHOWCASE_MANAGE,
            A.COMMUNITY_PUBLISH,
            A.COUNCIL_MANAGE,
            A.NEED_MANAGE,
            A.VOLUNTEER_MANAGE,
            A.SURVEY_MANAGE,
            A.LIAISON_MANAGE,
            A.TRAINING_MANAGE,
        ],
    ),
    "dispatcher": (
        "受理派遣员",
        [
            A.CASE_VIEW,
            A.CASE_VIEW_CONTACT,
            A.CASE_REPORT,
            A.CASE_ACCEPT,
            A.CASE_DISPATCH,
            A.CASE_VERIFY,
            A.CASE_CLOSE,
            A.CASE_RATE,
            A.CASE_REOPEN,
            A.CASE_ESCALATE,
            A.CASE_WHISTLE,
            A.CASE_URGE,
            A.CASE_EXTENSION,
            A.CASE_RECATEGORIZE,
            A.CASE_MERGE,
            A.COMMUNITY_POSTER,
            A.HOTLINE_IMPORT,
            A.CONSULT_MANAGE,
            A.CONSULT_VIEW,
            A.CAMPAIGN_MANAGE,
            A.SHOP_MANAGE,
            A.DUTY_MANAGE,
            A.DUTY_REPORT,
            A.AMENITY_MANAGE,
            A.SHOWCASE_MANAGE,
            A.STATION_EVALUATE,
            A.COMMUNITY_PUBLISH,
            A.NEED_MANAGE,
            A.VOLUNTEER_MANAGE,
            A.SURVEY_MANAGE,
            A.TRAINING_MANAGE,
        ],
    ),
    "handler": ("部门处置人员", [A.CASE_VIEW, A.CASE_HANDLE, A.DUTY_REPORT]),
    "officer": (
        "执法队员",
        [
            A.CASE_VIEW,
            A.CASE_HANDLE,
            A.CASE_REPORT,
            A.CASE_ENFORCE,
            A.CASE_VIEW_PARTY,
            A.FIELD_PATROL,
            A.SHOP_INSPECT,
        ],
    ),
    "instructor": ("业务指导员", [A.CASE_VIEW, A.CASE_REPORT, A.FIELD_PATROL]),
    "leader": (
        "领导",
        [
            A.CASE_VIEW,
            A.CASE_URGE,
            A.CASE_EXTENSION,
            A.CASE_ESCALATE,
            A.COMMUNITY_POSTER,
            A.CONSULT_VIEW,
            A.TASK_ASSIGN,
            A.CAMPAIGN_MANAGE,
            A.FIELD_COMPLIANCE,
            A.DUTY_MANAGE,
            A.STATION_EVALUATE,
            A.SURVEY_MANAGE,
        ],
    ),
}


def ensure_roles() -> dict[str, Role]:
    """Create the preset roles that do not exist yet; never overwrite an edited role."""
    roles = {}
    for code, (name, actions) in PRESETS.items():
        roles[code], _ = Role.objects.get_or_create(
            code=code, defaults={"name": name, "actions": actions}
        )
    return roles
