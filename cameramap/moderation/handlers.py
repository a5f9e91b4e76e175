"""What moderation does when the apps below it signal (connected in apps.py)."""

from .tasks import report_precheck


def report_settled_precheck(sender, *, report_id: int, **kwargs) -> None:
    """A report's photos are settled: pre-check it (cameras.signals.report_settled)."""
    report_precheck.delay(report_id)
