from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "vinhdanh.catalogue"
    label = "catalogue"
