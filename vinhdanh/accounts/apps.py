from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vinhdanh.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from vinhdanh.accounts.twofactor import keep_device_of_login

        user_logged_in.connect(keep_device_of_login, dispatch_uid="vinhdanh_keep_otp_device")
