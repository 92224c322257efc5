from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "gaoqi.enterprises"
    verbose_name = "企业档案"

    def ready(self) -> None:
        """Re-evaluate enterprises when their file changes."""
        from gaoqi.enterprises import signals

        signals.connect()
