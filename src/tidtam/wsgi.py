"""WSGI entry point for gunicorn: ``gunicorn tidtam.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidtam.settings")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
application = get_wsgi_application()
