"""`python -m bare.seed COUNT` (bench/ on the path): create the table, insert COUNT rows.

Codes are B0000000, B0000001, ... so the bench can ask for rows that exist.
"""

import os
import sys
from datetime import timedelta


def main(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bare.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from bare.models import BareCase

    call_command("migrate", run_syncdb=True, verbosity=0)
    BareCase.objects.all().delete()  # a PostgreSQL scratch database may keep an earlier run's
    now = timezone.now()
    BareCase.objects.bulk_create(
        (
            BareCase(
                code=f"B{i:07d}",
                status=("reported", "dispatched", "closed")[i % 3],
                description=f"路边有人乱扔垃圾，请来清理（第 {i} 件）",
                address=f"西津路 {i % 200} 号门口",
                lng=114.93 + (i % 100) / 10_000,
                lat=25.83 + (i % 97) / 10_000,
                reported_at=now - timedelta(minutes=i),
            )
            for i in range(count)
        ),
        batch_size=2000,
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
