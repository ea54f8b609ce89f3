"""Security headers and request limits Django 5.2 does not provide itself."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext


class ContentSecurityPolicyMiddleware:
    """Allow only our own origin: no CDN, no inline script, no framing (see settings.TIDTAM_CSP)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.TIDTAM_CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(self), geolocation=(), microphone=()"
        )
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than TIDTAM_MAX_UPLOAD_BYTES before anything reads it.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves out uploaded files; this limit covers the whole
    body (files included), so a huge upload is answered with 413 instead of filling the disk.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "TIDTAM_MAX_UPLOAD_BYTES", 0) or 0)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            text = gettext("The upload is too large: at most %(size)s MB.") % {
                "size": limit // (1024 * 1024)
            }
            return HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class ThaiFirstLocaleMiddleware:
    """Choose the interface language: the person's own choice (cookie), otherwise Thai.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC set
    up in English would show Tidtam in English although nobody asked for it. Tidtam is Thai
    first: English only when someone picks it with the language switch.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        codes = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response
