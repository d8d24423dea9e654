from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "vinhdanh.eligibility"
    label = "eligibility"
