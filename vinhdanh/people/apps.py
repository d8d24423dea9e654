from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "vinhdanh.people"
    label = "people"
