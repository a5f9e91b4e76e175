"""Moderation services: the only code that changes a report's status or merges cameras."""

from .blur import blur_boxes_parse, blur_choice_parse, photo_blur, photo_blur_choose, photo_unblurred_delete, photo_under_review
from .cameras import camera_merge, camera_split
from .decisions import (
    camera_create_from_report,
    correction_changes,
    correction_default_fields,
    report_approve,
    report_attach,
    report_reject,
)
from .locks import area_lock, review_lock_release, review_lock_take
from .mapping_events import event_code_normalize, mapping_event_create, mapping_event_end, mapping_event_for_code
from .prechecks import prechecks_mark_failed, report_precheck

__all__ = [
    "area_lock", "blur_boxes_parse", "blur_choice_parse", "photo_blur", "photo_blur_choose", "photo_unblurred_delete",
    "photo_under_review", "camera_create_from_report", "camera_merge", "camera_split",
    "correction_changes", "correction_default_fields", "event_code_normalize", "mapping_event_create",
    "mapping_event_end", "mapping_event_for_code", "prechecks_mark_failed", "report_approve", "report_attach",
    "report_precheck", "report_reject", "review_lock_release", "review_lock_take",
]
