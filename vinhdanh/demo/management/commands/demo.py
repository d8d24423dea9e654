"""Build (or reuse) the demo province on the embedded database and serve it."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandParser

from vinhdanh.demo.users import (
    DEMO_HISTORY_AUTHOR,
    DEMO_PASSWORD,
    DEMO_PROVINCE_CODE,
    ensure_demo_users,
)


class Command(BaseCommand):
    help = (
        "Create the demo province of Ninh Bình on the embedded SQLite database, create one "
        "user per role and serve on http://127.0.0.1:8000. / Tạo tỉnh mẫu Ninh Bình và chạy thử."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=3000)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--years", type=int, default=10,
                            help="years of achievement history to generate")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="build the data, do not serve")

    def handle(self, *args: Any, people: int, seed: int, years: int, port: int,
               no_serve: bool, **options: Any) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.step("Cập nhật cấu trúc cơ sở dữ liệu / migrating the database")
        call_command("migrate", interactive=False, verbosity=0)
        available = get_commands()
        self.step("Nạp đơn vị hành chính / importing administrative units")
        call_command("import_units")
        if "import_catalogue" in available:
            self.step("Nạp danh mục khen thưởng / importing the award catalogue")
            call_command("import_catalogue")
        self.step("Tạo tài khoản mẫu / creating demo users")
        logins = ensure_demo_users()
        self.step(f"Sinh dữ liệu mẫu: {people} người, {years} năm thành tích "
                  f"/ generating {people} people with {years} years of records")
        call_command("generate", people=people, seed=seed, province=DEMO_PROVINCE_CODE,
                     years=years, acting_user=DEMO_HISTORY_AUTHOR)
        if "demo_movements" in available:
            self.step("Nạp phong trào thi đua mẫu / loading the demo movements")
            call_command("demo_movements")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Tài khoản mẫu / demo logins"))
        self.stdout.write(f"  Mật khẩu chung / password for all: {DEMO_PASSWORD}")
        for login in logins:
            mark = "  (cần mã TOTP / TOTP required)" if login.two_factor else ""
            line = f"  {login.username:<14} {login.role_label} — {login.unit_name}{mark}"
            self.stdout.write(line)
        self.stdout.write("")
        if not no_serve:
            # Imports, sweeps and documents run as background tasks: keep a worker beside
            # the web server for as long as the demo runs.
            worker = subprocess.Popen([sys.executable, "-m", "vinhdanh.cli", "db_worker"])
            try:
                call_command("serve", port=port)
            finally:
                worker.terminate()
                worker.wait(timeout=10)

    def step(self, text: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"» {text}"))
