"""Template helpers of the KPI report: a number that says how it was computed, colour labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tidtam.results.calculations import Computed, Explanation
from tidtam.results.selectors import CARRIED_RULE_LABELS, COLOUR_LABELS

register = template.Library()


def _explanation_html(explanation: Explanation) -> SafeString:
    inputs = format_html_join(", ", "<code>{} = {}</code>", explanation.inputs)
    return format_html(
        '<span class="formula"><code>{}</code></span>{}<span class="working"><code>{}</code></span>',
        explanation.formula,
        format_html('<span class="inputs">{}</span>', inputs) if explanation.inputs else "",
        explanation.working,
    )


@register.simple_tag(takes_context=True)
def num(
    context: Any, row_id: int, computed: Computed, cell: str, quarter: int = 0, suffix: str = ""
) -> SafeString:
    """Write a computed number that shows its formula on demand.

    On the web page (``explain_base`` in the context) the number is a link that htmx loads into
    the indicator's explanation box; in a standalone file it is a <details> element.
    """
    if quarter:
        cell = f"q{quarter}.{cell}"
    text = computed.text + (suffix if computed.value is not None else "")
    base = context.get("explain_base")
    if base:
        url = f"{base}{row_id}/?{context.get('query', '')}&cell={cell}"
        return format_html(
            '<a class="n" href="{}" hx-get="{}" hx-target="#ex-{}" hx-swap="innerHTML">{}</a>',
            url,
            url,
            row_id,
            text,
        )
    return format_html(
        '<details class="n"><summary>{}</summary>{}</details>',
        text,
        _explanation_html(computed.explanation),
    )


@register.filter
def colour_label(colour: Any) -> str:
    """Return the translated name of a colour (or "" for none)."""
    if colour is None:
        return ""
    return str(COLOUR_LABELS.get(colour, ""))


@register.filter
def rule_label(rule: Any) -> str:
    """Return the translated name of a carried-forward rule."""
    if rule is None:
        return ""
    return str(CARRIED_RULE_LABELS.get(rule, rule))
