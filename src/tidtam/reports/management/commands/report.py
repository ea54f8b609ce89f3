"""tidtam report KIND ...: write a report (html, xlsx, docx, pdf or json) from the data."""

from tidtam.common.subcommands import SubcommandDispatcher


class Command(SubcommandDispatcher):
    help = "Write a report: budget-status, kpi, progress."
    verb = "report"
    kinds = {
        "budget-status": "tidtam.finance.report_cli",
        "kpi": "tidtam.results.report_cli",
        "progress": "tidtam.reports.progress_cli",
    }
