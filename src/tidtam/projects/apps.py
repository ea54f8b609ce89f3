from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "tidtam.projects"
    label = "projects"

    def ready(self) -> None:
        from tidtam.projects import (
            access,  # noqa: F401  (registers the models' scopes)
            home,  # noqa: F401  (registers the home page panels)
        )
