"""Serve Vinh Danh with a production WSGI server (waitress), static files included."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the application (waitress). Phục vụ ứng dụng qua HTTP."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, host: str, port: int, threads: int, **options: Any) -> None:
        from django.conf import settings
        from waitress import serve

        # WhiteNoise serves the apps' static files directly; the collected-files folder
        # only has to exist so that it does not warn at start-up.
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        from config.wsgi import application

        self.stdout.write(f"Vinh Danh: http://{host}:{port}/  (Ctrl+C để dừng / to stop)")
        serve(application, host=host, port=port, threads=threads, ident="vinhdanh")
