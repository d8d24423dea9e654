from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vinhdanh.audit"
    label = "audit"
