from civicgrid.community.models.base import (  # noqa: F401  _batch_path: 0001_initial
    Event,
    Notice,
    NoticeQuerySet,
    PosterBatch,
    RosterStamp,
    _batch_path,
)
from civicgrid.community.models.content import LawStory
from civicgrid.community.models.signup import EventPhoto, SignUp

__all__ = [
    "Event",
    "EventPhoto",
    "LawStory",
    "Notice",
    "NoticeQuerySet",
    "PosterBatch",
    "RosterStamp",
    "SignUp",
]
