"""The managers' reports: each a module with its query, columns and rows; all listed here."""

from __future__ import annotations

from progress_service.reports import completions, hours, matrix, needs, renewals, summary
from progress_service.reports.table import Report, Table

REPORTS: dict[str, Report] = {
    report.id: report
    for report in (
        completions.REPORT,
        matrix.REPORT,
        renewals.REPORT,
        hours.REPORT,
        summary.REPORT,
        needs.REPORT,
    )
}

__all__ = ["REPORTS", "Report", "Table"]
