from civicgrid.field.models.checkin import CheckIn
from civicgrid.field.models.duty import DutyChange, DutySlot
from civicgrid.field.models.patrol import Patrol, PatrolFinding, TrackPoint
from civicgrid.field.models.requirement import Reminder, Requirement

__all__ = [
    "CheckIn",
    "DutyChange",
    "DutySlot",
    "Patrol",
    "PatrolFinding",
    "Reminder",
    "Requirement",
    "TrackPoint",
]
