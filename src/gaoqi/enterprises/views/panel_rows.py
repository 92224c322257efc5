"""The repeated rows of the file page's tables (indicators, HNTE conditions, change history) rendered
in Python from the panel data of ``panels``: a template node per cell cost more than the data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gaoqi.core.audit import AuditEntry
from gaoqi.core.templatetags.gaoqi_ui import pct, persons, verdict_badge, wan

EMPTY = "—"
SOURCE_MARK = mark_safe('<span class="source-mark" aria-hidden="true"></span>')


def choice_label(attribute: Any) -> Callable[[Any], str]:
    """A function giving an object's label for the value of a choice field (``Model.field``): the
    ``get_FOO_display`` methods rebuild the field's choices on every call."""
    name, labels = attribute.field.attname, dict(attribute.field.flatchoices)
    return lambda item: str(labels.get(getattr(item, name), getattr(item, name)))


_action_label = choice_label(AuditEntry.action)


def badge(verdict: Any) -> SafeString:
    """The verdict badge of ``core/_verdict_badge.html``, for rows rendered in Python."""
    shown = verdict_badge(verdict)
    return format_html('<span class="badge {}">{}</span>', shown["css"], shown["label"])


def verdict_badges(evaluation: dict[str, Any]) -> dict[str, SafeString]:
    """The badges of the latest evaluation (``panels.evaluation_context``): its HNTE and tech-SME
    verdicts, and the tech-SME verdict of the engine result; none when never evaluated."""
    if evaluation["evaluation"] is None:
        return {}
    return {
        "hnte": badge(evaluation["evaluation"].hnte_verdict),
        "tech_sme": badge(evaluation["evaluation"].tech_sme_verdict),
        "tech_sme_result": badge(evaluation.get("tech_sme", {}).get("verdict", "")),
    }


def _year_edit_url(uscc: str) -> Callable[[int], str]:
    """The edit URL of a fiscal year: reversed once, the year filled in for each row."""
    head, tail = reverse("enterprises:year_edit", args=[uscc, 0]).rsplit("/0/", 1)
    return lambda year: f"{head}/{year}/{tail}"


def indicator_rows(table: dict[str, Any], uscc: str, can_edit: bool) -> list[SafeString]:
    """The indicator table's rows: the year, each value with its source line as a tooltip and a mark,
    and the year's edit button for users who may edit the file (one format per row)."""
    source_label, edit_label = _("来源"), _("编辑")
    sourced_cell = '<td class="num" title="{}：{}">{}' + SOURCE_MARK + "</td>"
    edit_url = _year_edit_url(uscc) if can_edit else None
    button = (
        '<td class="text-end"><a class="btn btn-sm btn-outline-primary" href="{}" '
        'data-testid="edit-year-{}">{}</a></td>'
    )
    rows = []
    for row in table["rows"]:
        markup, values = ["<tr><td>{}</td>"], [row["year"]]
        for cell in row["cells"]:
            text = persons(cell["value"]) if cell["kind"] == "persons" else wan(cell["value"])
            if cell["source"]:
                markup.append(sourced_cell)
                values += [source_label, cell["source"], text]
            else:
                markup.append('<td class="num">{}</td>')
                values.append(text)
        if edit_url:
            markup.append(button)
            values += [edit_url(row["year"]), row["year"], edit_label]
        rows.append(format_html("".join(markup) + "</tr>", *values))
    return rows


def _condition_value(row: dict[str, Any]) -> str:
    value = row["value"]
    if value is None:
        return EMPTY
    if row["is_ratio"]:
        return pct(value)
    if row["is_days"]:
        return f"{localize(value)} {_('天')}"
    return localize(value)


def _condition_threshold(row: dict[str, Any]) -> str:
    if row["is_ratio"] and row["threshold"] is not None:
        return f"≥ {pct(row['threshold'], 0)}"
    if row["is_score"]:
        return f"> {localize(row['threshold'])} {_('分')}"
    if row["is_days"]:
        return f"≥ 365 {_('天')}"
    return EMPTY


def _condition_gap(row: dict[str, Any]) -> SafeString | str:
    gap = row["gap"]
    if gap:
        amount = persons(gap) if row["gap_unit"] == _("人") else wan(gap, 4)
        return format_html('<span class="text-danger">{} {}</span>', amount, row["gap_unit"])
    return "0" if row["passed"] else EMPTY


def condition_rows(conditions: Sequence[dict[str, Any]]) -> list[SafeString]:
    """The HNTE condition table's rows: label, verdict, value, threshold and gap."""
    return [
        format_html(
            "<tr><td>{}</td><td>{}</td>"
            '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>',
            row["label"],
            badge(row["passed"]),
            _condition_value(row),
            _condition_threshold(row),
            _condition_gap(row),
        )
        for row in conditions
    ]


def explanation_items(explanations: Sequence[dict[str, str]]) -> SafeString:
    """The HNTE explanations as list items, each with its document and article when given."""
    return _items("<li>{}{}</li>", ((item["text"], item["source"]) for item in explanations))


def tech_sme_items(explanations: Sequence[dict[str, Any]]) -> SafeString:
    """The tech-SME explanations as list items, each with its article when given."""
    return _items(
        '<li class="mb-1">{}{}</li>', ((item.get("text", ""), item.get("article")) for item in explanations)
    )


def _items(template: str, texts: Any) -> SafeString:
    return format_html_join(
        "",
        template,
        (
            (text, format_html(' <span class="text-secondary">（{}）</span>', source) if source else "")
            for text, source in texts
        ),
    )


def deduction_rows(years: Sequence[dict[str, Any]]) -> list[SafeString]:
    """The super-deduction table's rows: year, rate, base, extra deduction, tax saved and the basis."""
    estimated, declared = _("按研发费用估算"), _("按加计扣除口径")
    return [
        format_html(
            '<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>'
            '<td class="num">{}</td><td class="small text-secondary">{}</td></tr>',
            localize(row.get("year")),
            pct(row.get("rate")),
            wan(row.get("base")),
            wan(row.get("extra")),
            wan(row.get("tax_saved")),
            estimated if row.get("estimated") else declared,
        )
        for row in years
    ]


def _changes(changes: Sequence[dict[str, str]]) -> SafeString | str:
    if not changes:
        return EMPTY
    return format_html_join(
        "",
        '<div>{}：<span class="text-secondary">{}</span> → <strong>{}</strong></div>',
        ((change["label"], change["before"], change["after"]) for change in changes),
    )


def history_table_rows(history: Sequence[dict[str, Any]]) -> list[SafeString]:
    """The change history's rows: when, who, what was done to which record, and each change."""
    rows = []
    for row in history:
        entry = row["entry"]
        rows.append(
            format_html(
                '<tr><td class="text-nowrap">{}</td><td class="text-nowrap">{}</td>'
                '<td class="text-nowrap">{}</td><td class="text-nowrap">{}</td>'
                '<td class="small">{}</td></tr>',
                f"{timezone.localtime(entry.at):%Y-%m-%d %H:%M}",
                entry.user or entry.username or EMPTY,
                _action_label(entry),
                row["subject"],
                _changes(row["changes"]),
            )
        )
    return rows
