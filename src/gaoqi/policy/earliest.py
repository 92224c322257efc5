"""The earliest date an enterprise can apply for HNTE recognition, with the reasons in Chinese.

Each rule gives a date before which the enterprise cannot apply; the answer is the latest of them,
moved into the region's annual application window:

- registered at least 365 calendar days (工作指引 §三(一));
- a currently valid certificate: a new application in the year it expires (工作指引 §四.3);
- IP: class II items already used in an HNTE application do not count again (工作指引 §三(二));
  without countable IP the enterprise waits for the first pending grant (``pending_ip``);
- a major incident in the last year: at the latest one year after ``as_of`` (the incident date is
  not an input);
- the fiscal years assessed are the three before the year of application, or the years it actually
  operated; the answer names them and any that the record lacks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["earliest_application_date"]


def earliest_application_date(
    record: Mapping[str, Any],
    as_of: dt.date | None = None,
    *,
    params: Any = None,
    pending_ip: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The earliest application date on or after ``as_of`` (None when no date can be given).

    ``pending_ip`` lists IP applications as ``{"kind": "class1" | "class2", "expected_grant": date}``.
    ``record["ip"]["hnte_used_year"]`` (optional) is the year its class II items were last used.
    """
    from gaoqi.policy import load_parameters

    as_of = as_of or dt.date.today()
    params = params.at(as_of) if params is not None else load_parameters(as_of)
    constraints = [
        _registration(record, params),
        _certificate(record, as_of, params),
        _intellectual_property(record, pending_ip, params),
        _incident(record, as_of, params),
    ]
    found = [
        item for item in constraints if item is not None and (item["date"] is None or item["date"] > as_of)
    ]
    blocked = [item for item in found if item["date"] is None]
    result: dict[str, Any] = {"uscc": record.get("uscc"), "as_of": as_of.isoformat()}
    if blocked:
        return {**result, "date": None, **_explained(found), "fiscal_years": []}
    candidate = max([as_of, *(item["date"] for item in found)])
    window = _window(params, candidate)
    day = _into_window(candidate, window)
    if day != candidate:
        found.append(_window_constraint(day, window))
    years = _assessed_years(record, day.year)
    found.extend(_missing_years(record, [year for year in years if year < as_of.year]))
    return {
        **result,
        "date": day.isoformat(),
        **_explained(found),
        "fiscal_years": years,
    }


def _explained(constraints: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "constraints": [{**item, "date": _iso(item["date"])} for item in constraints],
        "reasons": [item["text"] for item in constraints],
    }


def _registration(record: Mapping[str, Any], params: Any) -> dict[str, Any]:
    registered = _as_date(record["registered_on"])
    days = int(params.value("hnte.registration_days"))
    ready = registered + dt.timedelta(days=days)
    text = f"{registered.isoformat()} 成立，须注册满 {days} 个日历天，{ready.isoformat()} 起满足"
    return {"rule": "registered_365_days", "date": ready, "text": text}


def _certificate(record: Mapping[str, Any], as_of: dt.date, params: Any) -> dict[str, Any] | None:
    certificate = record.get("hnte_certificate") or {}
    if not certificate.get("issued_on"):
        return None
    issued = _as_date(certificate["issued_on"])
    expires = _add_years(issued, int(params.value("hnte.validity_years")))
    if not issued <= as_of < expires:
        return None
    ready = dt.date(expires.year, 1, 1)
    text = (
        f"现有高新技术企业证书 {issued.isoformat()} 颁发、{expires.isoformat()} 到期，"
        f"有效期内不重复认定，可在到期当年（{expires.year} 年）重新申请"
    )
    return {"rule": "valid_certificate", "date": ready, "text": text}


def _intellectual_property(
    record: Mapping[str, Any], pending_ip: Iterable[Mapping[str, Any]], params: Any
) -> dict[str, Any] | None:
    ip = record.get("ip") or {}
    used_year = ip.get("hnte_used_year")
    class2 = 0 if used_year is not None else int(ip.get("class2") or 0)
    needed = int(params.value("hnte.core_ip_min"))
    have = int(ip.get("class1") or 0) + class2
    if have >= needed:
        return None
    used = f"Ⅱ类知识产权已于 {used_year} 年申报高企时使用，不能再次使用；" if used_year is not None else ""
    grants = sorted(_as_date(item["expected_grant"]) for item in pending_ip)[needed - have - 1 :]
    if not grants:
        text = f"{used}可用于申报的有效知识产权不足，须先取得授权（在审知识产权不足，无法确定日期）"
        return {"rule": "core_ip", "date": None, "text": text}
    text = f"{used}可用于申报的有效知识产权不足，按在审知识产权的预计授权日，{grants[0].isoformat()} 起满足"
    return {"rule": "core_ip", "date": grants[0], "text": text}


def _incident(record: Mapping[str, Any], as_of: dt.date, params: Any) -> dict[str, Any] | None:
    if not record.get("major_incident_1y"):
        return None
    ready = as_of + dt.timedelta(days=int(params.value("hnte.incident_lookback_days")))
    text = (
        f"申请前一年内发生重大安全、质量事故或严重环境违法行为；事故日期未录入，"
        f"按最不利情形 {ready.isoformat()} 起满一年"
    )
    return {"rule": "no_major_incident", "date": ready, "text": text}


def _window(params: Any, day: dt.date) -> tuple[tuple[int, int], tuple[int, int]]:
    """The (month, day) pairs opening and closing the application window in force on ``day``."""
    bounds = (params.value(f"plan_costs.application_{end}", on=day) for end in ("opens", "closes"))
    opens, closes = (tuple(int(part) for part in str(text).split("-")) for text in bounds)
    return (opens[0], opens[1]), (closes[0], closes[1])


def _into_window(day: dt.date, window: tuple[tuple[int, int], tuple[int, int]]) -> dt.date:
    (open_month, open_day), (close_month, close_day) = window
    opens, closes = dt.date(day.year, open_month, open_day), dt.date(day.year, close_month, close_day)
    if day < opens:
        return opens
    if day > closes:
        return dt.date(day.year + 1, open_month, open_day)
    return day


def _window_constraint(day: dt.date, window: tuple[tuple[int, int], tuple[int, int]]) -> dict[str, Any]:
    (open_month, open_day), (close_month, close_day) = window
    text = (
        f"年度申报窗口为每年 {open_month} 月 {open_day} 日至 {close_month} 月 {close_day} 日"
        f"（示例口径，待区科技局确认），最早在 {day.isoformat()} 申报"
    )
    return {"rule": "application_window", "date": day, "text": text}


def _assessed_years(record: Mapping[str, Any], application_year: int) -> list[int]:
    """The three fiscal years before the application year, or those the enterprise operated."""
    first = max(_as_date(record["registered_on"]).year, application_year - 3)
    return list(range(first, application_year))


def _missing_years(record: Mapping[str, Any], years: list[int]) -> list[dict[str, Any]]:
    given = {item.get("year") for item in record.get("fiscal_years") or ()}
    missing = [year for year in years if year not in given]
    if not missing:
        return []
    listed = "、".join(str(year) for year in missing)
    text = f"记录中缺少已结束的 {listed} 年度财务数据，申报时须补齐"
    return [{"rule": "fiscal_years", "date": None, "text": text}]


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return dt.date(day.year + years, 3, 1)


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()
