"""API representations of screening results and pool entries (read-only)."""

from __future__ import annotations

from rest_framework import serializers

from gaoqi.cultivation.models import PlanAction, PoolEntry, ScreeningResult, Visit


class ScreeningResultSerializer(serializers.ModelSerializer):
    """One enterprise in the latest screening run."""

    uscc = serializers.CharField(source="enterprise.uscc")
    name = serializers.CharField(source="enterprise.name")
    town = serializers.CharField(source="enterprise.town.name")
    as_of = serializers.DateField(source="run.as_of")
    params_version = serializers.CharField(source="run.params_version")

    class Meta:
        model = ScreeningResult
        fields = (
            "id",
            "run",
            "as_of",
            "params_version",
            "uscc",
            "name",
            "town",
            "rank",
            "hnte_verdict",
            "tech_sme_verdict",
            "tier",
            "score_min",
            "score_max",
            "failed_count",
            "unknown_count",
            "gap_relative",
            "failed",
            "gaps",
            "inputs_hash",
            "flipped",
            "change",
        )


class PlanActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanAction
        fields = (
            "id",
            "description",
            "source",
            "kind",
            "cost",
            "responsible",
            "deadline",
            "status",
            "completed_on",
            "note",
            "version",
        )


class VisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = ("id", "visited_on", "people", "notes", "follow_ups", "version")


class PoolEntrySerializer(serializers.ModelSerializer):
    """A pool entry with its plan and visits."""

    uscc = serializers.CharField(source="enterprise.uscc")
    name = serializers.CharField(source="enterprise.name")
    owner = serializers.StringRelatedField()
    target_tier = serializers.CharField()  # the tier choices are named once, on the results
    actions = PlanActionSerializer(many=True)
    visits = VisitSerializer(many=True)

    class Meta:
        model = PoolEntry
        fields = (
            "id",
            "year",
            "uscc",
            "name",
            "target_tier",
            "entered_on",
            "entry_reason",
            "owner",
            "exited_on",
            "exit_kind",
            "exit_reason",
            "actions",
            "visits",
            "version",
        )
