from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "gaoqi.enterprises"
    verbose_name = "企业档案"
