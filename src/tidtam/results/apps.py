from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _install_data_version_triggers(using: str = "default", **_kwargs: Any) -> None:
    """(Re)install the data-version triggers after every migrate (see ``dataversion``)."""
    from tidtam.results import dataversion

    dataversion.install(connections[using])


class ResultsConfig(AppConfig):
    name = "tidtam.results"
    label = "results"

    def ready(self) -> None:
        post_migrate.connect(
            _install_data_version_triggers, sender=self, dispatch_uid="results_dataversion"
        )
