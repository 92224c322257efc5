from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "gaoqi.reference"
    verbose_name = "参考数据"
