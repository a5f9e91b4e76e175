"""Who may see a report's status: whoever holds its receipt, or its logged-in contributor."""

import hmac

from ..models import Camera, Report
from ..vocabulary import ReportStatus


def report_by_receipt(*, report_id: int, receipt: str, user=None) -> Report | None:
    """The report, or None when the receipt does not match — the caller answers 404 either way,
    so nobody learns which report ids exist. Compared in constant time."""
    report = Report.objects.select_related("camera").prefetch_related("photos").filter(id=report_id).first()
    if report is None:
        return None
    if receipt and hmac.compare_digest(report.receipt.encode(), receipt.encode()):
        return report
    if user is not None and user.is_authenticated and report.contributor_id == user.pk:
        return report
    return None


def report_public_camera(report: Report) -> Camera | None:
    """The camera a report created or joined, once moderators approved it and it is public."""
    camera = report.camera
    if report.status not in (ReportStatus.APPROVED, ReportStatus.MERGED) or camera is None or not camera.published:
        return None
    return camera
