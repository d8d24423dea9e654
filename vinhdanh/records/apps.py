from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "vinhdanh.records"
    label = "records"
    verbose_name = "Sổ thành tích"
