class DutyError(Exception):
    """A refused request; the message (Chinese) is shown to the user as it is."""


class NotAllowed(DutyError):
    pass
