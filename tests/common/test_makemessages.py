"""``tidtam makemessages`` never writes into the project catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext not installed")


def test_refused_in_a_folder_without_its_own_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "views.py").write_text(
        'from django.utils.translation import gettext as _\n_("Hello")\n'
    )
    monkeypatch.chdir(tmp_path)
    project = Path(settings.LOCALE_PATHS[0]) / "th" / "LC_MESSAGES" / "django.po"
    before = project.read_bytes()
    with pytest.raises(CommandError, match="own locale/ folder"):
        call_command("makemessages", locale=["th"], verbosity=0)
    assert project.read_bytes() == before


def test_refused_in_the_project_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(settings.LOCALE_PATHS[0]).parent)
    with pytest.raises(CommandError, match="own locale/ folder"):
        call_command("makemessages", locale=["th"], verbosity=0)


def test_an_app_folder_gets_its_own_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = tmp_path / "someapp"
    (app / "locale").mkdir(parents=True)
    (app / "views.py").write_text('from django.utils.translation import gettext as _\n_("Hello")\n')
    monkeypatch.chdir(app)
    call_command("makemessages", locale=["th"], verbosity=0)
    po = app / "locale" / "th" / "LC_MESSAGES" / "django.po"
    assert 'msgid "Hello"' in po.read_text(encoding="utf-8")
