"""Monitoring: alerts, 双清零 and town targets (科技进步目标责任制考核)."""
