from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "civicgrid.community"
    label = "community"
    verbose_name = "社区公示与海报"

    def ready(self):
        from civicgrid.community import signals  # noqa: F401 - connects the roster stamps
