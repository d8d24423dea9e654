from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "vinhdanh.councils"
    label = "councils"
