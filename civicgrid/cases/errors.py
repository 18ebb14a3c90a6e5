"""Refusals of case actions; each message is shown to the user as it is."""

from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    """A refused action."""


class NotAllowed(WorkflowError):
    pass


class IllegalTransition(WorkflowError):
    pass


class CaseChanged(WorkflowError):
    def __init__(self):
        super().__init__(_("案件已被他人更新，请刷新页面后重试。"))


class InvalidInput(WorkflowError):
    pass


class UnknownAction(WorkflowError):
    pass
