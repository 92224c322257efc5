"""Monitoring: alerts, 双清零 and town targets (科技进步目标责任制考核).

Service functions for other apps (dashboards, reports), documented in docs/monitoring.md:

- ``gaoqi.monitoring.alerts``: ``raise_alerts(today)``, ``inbox(user)``, ``unread_count(user)``,
  ``recipients(alert)``;
- ``gaoqi.monitoring.double_zero``: ``double_zero_lists(as_of=None, town=None, user=None)``,
  ``town_progress(year, as_of=None, user=None)``, ``record_baseline(year)``, ``cleared_ids(year, town)``;
- ``gaoqi.monitoring.targets``: ``town_scores(year, user=None)``, ``actuals(year)``,
  ``actual_enterprises(year, town, indicator)``, ``score(actual, target, rule)``.
"""
