from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "vinhdanh.movements"
    label = "movements"
