from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "vinhdanh.units"
    label = "units"
