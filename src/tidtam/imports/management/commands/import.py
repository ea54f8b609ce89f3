"""tidtam import KIND FILE [--dry-run]: take in a file; all or nothing, every bad row reported."""

from tidtam.common.subcommands import SubcommandDispatcher
from tidtam.imports.kinds import REGISTRY


class Command(SubcommandDispatcher):
    help = "Import a file: indicators, activity-log, or a spreadsheet KIND."
    verb = "import"
    kinds = {
        "indicators": "tidtam.results.import_cli",
        "activity-log": "tidtam.projects.activity_log_cli",
        **dict.fromkeys(REGISTRY, "tidtam.imports.cli_import"),
    }
