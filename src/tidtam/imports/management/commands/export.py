"""tidtam export KIND ... -o FILE: write existing data in the shape its import reads."""

from tidtam.common.subcommands import SubcommandDispatcher
from tidtam.imports.kinds import REGISTRY


class Command(SubcommandDispatcher):
    help = "Export data: activity-log, or a spreadsheet KIND."
    verb = "export"
    kinds = {
        "activity-log": "tidtam.projects.activity_log_export_cli",
        **dict.fromkeys(REGISTRY, "tidtam.imports.cli_export"),
    }
