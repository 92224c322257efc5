"""The monitoring app: alerts, 双清零 and town targets."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "gaoqi.monitoring"
    label = "monitoring"
    verbose_name = _("监测预警与考核")
