from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "gaoqi.enterprises"
    verbose_name = "企业档案"

    def ready(self) -> None:
        """Re-evaluate enterprises when their file changes; keep the list's sort keys in step."""
        from gaoqi.enterprises import signals, sort_keys

        signals.connect()
        sort_keys.connect()
