"""Serializers of the enterprise file: scoped relations, masked contacts, optimistic locking on update."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status

from gaoqi.accounts.masking import mask_contact, mask_person
from gaoqi.core.audit_models import AuditEntry
from gaoqi.core.models import StaleEditError
from gaoqi.enterprises.models import Certificate, Enterprise, Evaluation, FiscalYear, IPAsset
from gaoqi.enterprises.sort_keys import SORT_KEY_FIELDS
from gaoqi.reference.models import Segment, TechField


class EditConflict(exceptions.APIException):
    """409: the row was saved by someone else since the client read it."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = StaleEditError.default_message


class VersionedSerializer(serializers.ModelSerializer):
    """Creates as usual; an update must send the ``version`` it read and fails with 409 when stale.

    Model validation (``full_clean``: validators, cross-field rules, uniqueness) runs before saving.
    """

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=gettext_lazy("修改时必填：读取时的版本号；已被他人修改时返回 409。"),
    )

    def create(self, validated_data: dict[str, Any]) -> models.Model:
        """Create a row after model validation."""
        validated_data.pop("version", None)
        instance = self.Meta.model(**validated_data)
        _full_clean(instance)
        instance.save()
        return instance

    def update(self, instance: models.Model, validated_data: dict[str, Any]) -> models.Model:
        """Apply the changes to the version the client read; 409 if the row moved on."""
        expected = validated_data.pop("version", None)
        if expected is None:
            raise serializers.ValidationError({"version": _("修改时必须提供读取时的版本号 version。")})
        for name, value in validated_data.items():
            setattr(instance, name, value)
        _full_clean(instance)
        try:
            instance.save_versioned(expected)
        except StaleEditError as error:
            raise EditConflict(error.message) from error
        return instance


def _full_clean(instance: models.Model) -> None:
    try:
        instance.full_clean()
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.message_dict) from error


class FiscalYearSerializer(VersionedSerializer):
    """One year of indicators; money in 万元 as exact decimal strings."""

    class Meta:
        model = FiscalYear
        exclude = ("created_at",)
        read_only_fields = ("updated_at",)

    def get_fields(self) -> dict[str, serializers.Field]:
        """The enterprise must be one the user may see, and stays fixed once the year exists."""
        fields = super().get_fields()
        request = self.context.get("request")
        if self.instance is not None:
            fields["enterprise"] = serializers.PrimaryKeyRelatedField(read_only=True)
        elif request is not None:
            fields["enterprise"].queryset = Enterprise.objects.for_user(request.user)
        return fields


class ContactMaskingMixin(serializers.Serializer):
    """Masks the contact person's name, phone and e-mail for roles that need not see them."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if "contact_name" in data:
            data["contact_name"] = mask_person(data["contact_name"], user)
        for name in ("contact_phone", "contact_email"):
            if name in data:
                data[name] = mask_contact(data[name], user)
        return data


class EnterpriseSerializer(ContactMaskingMixin, VersionedSerializer):
    """An enterprise with its latest evaluation's summary; USCC and town are fixed through the API."""

    town = serializers.SlugRelatedField(slug_field="code", read_only=True)
    town_name = serializers.CharField(source="town.name", read_only=True)
    tech_field = serializers.SlugRelatedField(
        slug_field="code", queryset=TechField.objects.all(), allow_null=True, required=False
    )
    segment = serializers.SlugRelatedField(
        slug_field="code", queryset=Segment.objects.none(), allow_null=True, required=False
    )
    latest_hnte_verdict = serializers.CharField(read_only=True, allow_null=True, default=None)
    latest_tech_sme_verdict = serializers.CharField(read_only=True, allow_null=True, default=None)
    latest_tier = serializers.CharField(read_only=True, allow_null=True, default=None)
    latest_score_min = serializers.IntegerField(read_only=True, allow_null=True, default=None)
    latest_score_max = serializers.IntegerField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Enterprise
        exclude = ("created_at", *SORT_KEY_FIELDS)  # the list's copies: ``latest_*`` carry the same
        read_only_fields = ("uscc", "registered_on", "updated_at")

    def get_fields(self) -> dict[str, serializers.Field]:
        """Segments of the configured region only."""
        fields = super().get_fields()
        fields["segment"].queryset = Segment.objects.filter(region=settings.GAOQI_REGION)
        return fields


class EnterpriseDetailSerializer(EnterpriseSerializer):
    """An enterprise with its fiscal years."""

    fiscal_years = FiscalYearSerializer(many=True, read_only=True)


class IPAssetSerializer(serializers.ModelSerializer):
    """An IP item; ``ip_class`` follows from ``kind``."""

    class Meta:
        model = IPAsset
        fields = "__all__"


class CertificateSerializer(serializers.ModelSerializer):
    """A certificate or registration."""

    class Meta:
        model = Certificate
        fields = "__all__"


class EvaluationSerializer(serializers.ModelSerializer):
    """The latest evaluation's summary (the full engine result in the detail)."""

    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Evaluation
        exclude = ("result", "is_latest")


class EvaluationDetailSerializer(EvaluationSerializer):
    """The latest evaluation with the engine's full result (conditions, gaps, plan, explanations)."""

    class Meta(EvaluationSerializer.Meta):
        exclude = ("is_latest",)


class HistoryEntrySerializer(serializers.ModelSerializer):
    """One recorded change of an enterprise's file: who, when, which object, values before and after."""

    class Meta:
        model = AuditEntry
        fields = (
            "id",
            "action",
            "model_label",
            "object_id",
            "object_repr",
            "changed_fields",
            "before",
            "after",
            "username",
            "at",
            "request_id",
        )
