"""Create, edit and delete of IP assets, certificates, R&D institutions, achievements and incidents
through the one generic path: scope, permissions, optimistic locking, Chinese validation, audit."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from gaoqi.accounts.models import Role
from gaoqi.core.audit_models import AuditEntry
from gaoqi.enterprises.models import Achievement, Certificate, Incident, IPAsset, RDInstitution
from gaoqi.enterprises.tests.role_district import build_district
from gaoqi.enterprises.views.holdings import HOLDINGS

pytestmark = pytest.mark.django_db

# kind: (values of a new item, the field an edit changes and its new value)
CASES = {
    "ip": (
        {
            "kind": "utility_model",
            "title": "一种染色装置",
            "granted_on": "2024-03-01",
            "status": "valid",
            "acquisition": "self_developed",
        },
        ("title", "一种新型染色装置"),
    ),
    "certificate": ({"kind": "tech_sme", "number": "2025330603A", "year": "2025"}, ("number", "2025330603B")),
    "institution": ({"name": "企业研究院", "level": "municipal"}, ("level", "provincial")),
    "achievement": ({"title": "低温染色工艺", "year": "2024", "form": "transfer"}, ("title", "常温染色工艺")),
    "incident": (
        {"kind": "quality", "severity": "other", "occurred_on": "2025-05-06"},
        ("severity", "serious"),
    ),
}


@pytest.fixture
def district():
    return build_district()


def _post_data(item, **changes: str) -> dict[str, str]:
    """What the edit form posts for ``item`` as shown, with ``changes`` typed in."""
    fields = HOLDINGS[_kind_of(item)].fields
    shown = {name: "" if value is None else str(value) for name, value in model_to_dict(item, fields).items()}
    shown = {
        name: ("on" if value == "True" else "" if value == "False" else value)
        for name, value in shown.items()
    }
    return {**shown, "version": str(item.version), **changes}


def _kind_of(item) -> str:
    return next(kind for kind, holding in HOLDINGS.items() if isinstance(item, holding.model))


def _url(name: str, firm, kind: str, *pk: int) -> str:
    return reverse(f"enterprises:holding_{name}", args=[firm.uscc, kind, *pk])


@pytest.mark.parametrize("kind", CASES)
def test_an_editor_creates_edits_and_deletes_each_kind_and_the_history_records_it(client, district, kind):
    values, (field, new_value) = CASES[kind]
    model = HOLDINGS[kind].model
    client.force_login(district.users[Role.TOWN_OFFICER])
    firm = district.a1

    response = client.post(_url("create", firm, kind), {**values, "version": "1"})
    assert response.status_code == 302 and response.url.endswith("#tab-holdings")
    item = model.objects.filter(enterprise=firm).latest("pk")
    assert all(str(getattr(item, name)) == value for name, value in values.items() if name != "granted_on")

    response = client.post(_url("edit", firm, kind, item.pk), _post_data(item, **{field: new_value}))
    assert response.status_code == 302
    item.refresh_from_db()
    assert str(getattr(item, field)) == new_value and item.version == 2

    assert client.get(_url("delete", firm, kind, item.pk)).status_code == 200
    response = client.post(_url("delete", firm, kind, item.pk), {"version": "2"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=item.pk).exists()

    actions = AuditEntry.objects.filter(model_label=model._meta.label, object_id=str(item.pk))
    assert sorted(actions.values_list("action", flat=True)) == ["create", "delete", "update"]
    assert set(actions.values_list("enterprise_id", flat=True)) == {firm.pk}


def test_the_tab_offers_the_buttons_to_editors_only(client, district):
    page_url = reverse("enterprises:detail", args=[district.a1.uscc])
    client.force_login(district.users[Role.BUREAU_OFFICER])
    page = client.get(page_url).content.decode()
    for kind in HOLDINGS:
        assert _url("create", district.a1, kind) in page
    ip = IPAsset.objects.get(enterprise=district.a1)
    assert _url("edit", district.a1, "ip", ip.pk) in page
    client.force_login(district.users[Role.LEADER])
    page = client.get(page_url).content.decode()
    assert "/holdings/" not in page


@pytest.mark.parametrize("kind", ["ip", "certificate"])
def test_another_towns_item_is_not_found_and_a_read_only_role_is_refused(client, district, kind):
    foreign = HOLDINGS[kind].model.objects.get(enterprise=district.b1)
    client.force_login(district.users[Role.TOWN_OFFICER])
    for name in ("edit", "delete"):
        assert client.post(_url(name, district.b1, kind, foreign.pk), _post_data(foreign)).status_code == 404
        # nor through a file of the officer's own town
        assert client.get(_url(name, district.a1, kind, foreign.pk)).status_code == 404
    assert client.post(_url("create", district.b1, kind), CASES[kind][0]).status_code == 404
    client.force_login(district.users[Role.LEADER])
    own = HOLDINGS[kind].model.objects.get(enterprise=district.a1)
    assert client.post(_url("delete", district.a1, kind, own.pk), {"version": "1"}).status_code == 403
    assert client.get(_url("create", district.a1, kind)).status_code == 403
    assert HOLDINGS[kind].model.objects.filter(pk__in=[foreign.pk, own.pk]).count() == 2


def test_an_unknown_kind_is_not_found(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    assert client.get(_url("create", district.a1, "fiscal")).status_code == 404


def test_a_stale_edit_conflicts_and_writes_nothing(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    item = IPAsset.objects.get(enterprise=district.a1)
    shown = _post_data(item)
    first = client.post(_url("edit", district.a1, "ip", item.pk), {**shown, "title": "先保存的名称"})
    assert first.status_code == 302
    second = client.post(_url("edit", district.a1, "ip", item.pk), {**shown, "title": "后保存的名称"})
    assert second.status_code == 200
    assert "保存失败" in second.content.decode() and "未被保存" in second.content.decode()
    assert {row["label"] for row in second.context["conflicts"]} == {"名称"}
    assert IPAsset.objects.get(pk=item.pk).title == "先保存的名称"


def test_a_stale_delete_conflicts_and_keeps_the_item(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    item = Certificate.objects.get(enterprise=district.a1)
    item.number = "GR2024改"
    item.save()
    response = client.post(_url("delete", district.a1, "certificate", item.pk), {"version": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "删除未执行" in page and "GR2024改" in page
    assert 'name="version" value="2"' in page  # confirming again deletes the version now shown
    assert Certificate.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (
            "ip",
            {"kind": "invention", "title": "专利", "granted_on": "2024-05-01", "expires_on": "2024-01-01"},
            "到期日期不能早于授权日期。",
        ),
        (
            "ip",
            {"kind": "invention", "title": "专利", "hnte_used_year": "2024"},
            "只有Ⅱ类知识产权需要登记用于高企申报的年度。",
        ),
        ("certificate", {"kind": "hnte", "number": "GR1"}, "高新技术企业证书必须填写发证日期。"),
        ("institution", {"name": "研究院"}, "该字段是必填项。"),
        (
            "incident",
            {"kind": "safety", "severity": "major", "occurred_on": "2025-13-01"},
            "输入一个有效的日期。",
        ),
    ],
)
def test_an_invalid_form_shows_a_chinese_message_and_writes_nothing(client, district, kind, data, message):
    model = HOLDINGS[kind].model
    client.force_login(district.users[Role.BUREAU_OFFICER])
    before = (model.objects.count(), AuditEntry.objects.count())
    response = client.post(_url("create", district.a1, kind), {**data, "version": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (model.objects.count(), AuditEntry.objects.count()) == before


def test_a_saved_item_schedules_the_re_evaluation(client, district, django_capture_on_commit_callbacks):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            _url("create", district.a1, "achievement"),
            {"title": "成果", "year": "2025", "form": "licence", "version": "1"},
        )
    assert Achievement.objects.filter(enterprise=district.a1).exists()
    assert callbacks, "the save schedules an evaluation after commit"


def test_every_holding_model_has_a_form_kind():
    assert {holding.model for holding in HOLDINGS.values()} == {
        IPAsset,
        Certificate,
        RDInstitution,
        Achievement,
        Incident,
    }
