"""The reference tables as loaded by the data migration from the region's fixture files."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from gaoqi.policy import load_parameters
from gaoqi.reference.loading import available_regions, load_all
from gaoqi.reference.models import IndustryClass, Segment, TechField, Town

pytestmark = pytest.mark.django_db


def test_the_16_towns_of_keqiao_are_loaded_with_their_codes_and_kinds():
    towns = Town.objects.filter(region="keqiao")
    assert towns.count() == 16
    assert towns.filter(kind=Town.Kind.STREET).count() == 11
    assert set(towns.filter(kind=Town.Kind.TOWN).values_list("name", flat=True)) == {
        "平水镇",
        "王坛镇",
        "稽东镇",
        "漓渚镇",
        "夏履镇",
    }
    assert Town.objects.get(code="330603110").name == "杨汛桥街道"


def test_the_8_fields_and_52_subfields_are_loaded_under_their_parents():
    assert TechField.objects.filter(parent__isnull=True).count() == 8
    assert TechField.objects.filter(parent__isnull=False).count() == 52
    polymer = TechField.objects.get(code="4.3")
    assert (polymer.name, polymer.parent.name) == ("高分子材料", "新材料")
    assert TechField.objects.get(code="8.9").name == "传统文化产业改造技术"


def test_the_loaded_subfield_codes_are_the_engines_list_of_subfields():
    engine = load_parameters(timezone.localdate(), region=settings.GAOQI_REGION)["hnte.tech_fields"]
    loaded = TechField.objects.filter(parent__isnull=False).values_list("code", flat=True)
    assert sorted(loaded) == sorted(engine)


def test_sections_a_to_t_and_every_manufacturing_division_are_loaded():
    sections = IndustryClass.objects.filter(level=IndustryClass.Level.SECTION)
    assert "".join(sections.values_list("code", flat=True)) == "ABCDEFGHIJKLMNOPQRST"
    manufacturing = IndustryClass.objects.filter(parent__code="C")
    assert sorted(manufacturing.values_list("code", flat=True)) == [f"C{n}" for n in range(13, 44)]
    assert IndustryClass.objects.get(code="C17").name == "纺织业"
    assert IndustryClass.objects.get(code="I65").parent.code == "I"


def test_keqiao_segments_name_their_source():
    segments = Segment.objects.filter(region="keqiao")
    assert list(segments.values_list("name", flat=True))[:2] == ["现代纺织", "新材料"]
    assert segments.count() == 8
    assert all(segment.source for segment in segments)


def test_loading_again_updates_in_place_without_duplicates():
    load_all("keqiao", town=Town, segment=Segment, industry=IndustryClass, tech_field=TechField)
    assert (Town.objects.count(), TechField.objects.count(), Segment.objects.count()) == (16, 60, 8)
    assert available_regions() == ["keqiao"]


def test_the_command_refuses_an_unknown_region():
    with pytest.raises(CommandError, match="nowhere"):
        call_command("load_reference", region="nowhere")
    output = StringIO()
    call_command("load_reference", stdout=output)
    assert "16 个镇街" in output.getvalue()
