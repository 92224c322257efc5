"""The list's reference filters (towns, segments, industries, tech fields) offered and validated from
per-process copies of the reference tables: no query for them once read, the same options, messages
and results as the reference tables give, and forgotten when a reference row is saved."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gaoqi.accounts.models import Role
from gaoqi.enterprises.filters import EnterpriseFilterForm
from gaoqi.enterprises.tests.role_district import TOWN_A, TOWN_B, build_district
from gaoqi.reference.copies import forget_reference_copies
from gaoqi.reference.models import IndustryClass, Segment, TechField, Town

pytestmark = pytest.mark.django_db
LIST_URL = reverse("enterprises:list")
REFERENCE_TABLES = ("reference_town", "reference_segment", "reference_industryclass", "reference_techfield")


@pytest.fixture
def district():
    forget_reference_copies()
    return build_district()


def _options(form: EnterpriseFilterForm, name: str) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in form.fields[name].choices]


def test_the_options_are_those_of_the_reference_tables(district):
    form = EnterpriseFilterForm({})
    region = settings.GAOQI_REGION
    towns = [(town.code, town.name) for town in Town.objects.filter(region=region)]
    assert _options(form, "town") == [("", "全部镇街"), *towns]
    segments = [(str(segment.pk), str(segment)) for segment in Segment.objects.filter(region=region)]
    assert _options(form, "segment") == [("", "全部细分领域"), *segments]
    divisions = IndustryClass.objects.filter(level=IndustryClass.Level.DIVISION)
    assert _options(form, "division")[1:] == [(row.code, str(row)) for row in divisions]
    fields = TechField.objects.filter(parent__isnull=True)
    assert _options(form, "field")[1:] == [(row.code, str(row)) for row in fields]


def test_a_second_page_reads_no_reference_table(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    client.get(LIST_URL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"town": TOWN_A, "division": "C17"})
    assert {firm.uscc for firm in response.context["page"].object_list} == {
        district.a1.uscc,
        district.a2.uscc,
    }
    assert f'<option value="{TOWN_A}" selected>' in response.content.decode()
    assert not [
        q for q in queries.captured_queries if any(f'FROM "{t}"' in q["sql"] for t in REFERENCE_TABLES)
    ]


def test_a_valid_choice_cleans_to_its_row_and_an_unknown_one_is_refused_in_chinese(district):
    form = EnterpriseFilterForm({"town": TOWN_B, "segment": "0", "section": "C"})
    assert not form.is_valid()
    assert form.cleaned_data["town"] == Town.objects.get(code=TOWN_B)
    assert form.cleaned_data["section"] == IndustryClass.objects.get(code="C")
    assert form.errors["segment"] == ["选择一个有效的选项： 该选择不在可用的选项中。"]
    assert form.active_filters() == {}
    assert EnterpriseFilterForm({"town": TOWN_B}).active_filters() == {
        "镇街": Town.objects.get(code=TOWN_B).name
    }


def test_a_saved_reference_row_is_shown_at_once_and_escaped(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    client.get(LIST_URL)
    town = Town.objects.get(code=TOWN_B)
    town.name = '新命名<b>"街道"</b>'
    town.save()
    page = client.get(LIST_URL).content.decode()
    assert f'<option value="{TOWN_B}">新命名&lt;b&gt;&quot;街道&quot;&lt;/b&gt;</option>' in page
    assert "<b>" not in page


def test_the_town_sort_within_one_town_is_by_uscc_without_reading_the_towns(client, district):
    client.force_login(district.users[Role.BUREAU_OFFICER])
    for sort in ("town", "-town"):  # the town is the same: the tie-breaker decides, ascending
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST_URL, {"town": TOWN_A, "sort": sort})
        listed = [firm.uscc for firm in response.context["page"].object_list]
        assert listed == sorted([district.a1.uscc, district.a2.uscc])
        rows = [q["sql"] for q in queries.captured_queries if 'FROM "enterprises_enterprise"' in q["sql"]]
        assert rows and not [sql for sql in rows if "sort_order" in sql]
