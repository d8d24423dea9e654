from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Orchestrates the demo province; depends on every other app, nothing depends on it."""

    name = "vinhdanh.demo"
    label = "demo"
