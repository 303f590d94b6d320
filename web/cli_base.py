"""What every `assembly` command shares: the console, the settings, the migrations first."""

from __future__ import annotations

from rich.console import Console

from assembly.settings import Settings

console = Console(stderr=True)


def load_settings() -> Settings:
    return Settings.from_env()


def prepare(settings: Settings) -> None:
    from projections.migrate import migrate

    applied = migrate(settings, report=lambda name: console.print(f"  ใช้ migration {name}"))
    if applied:
        console.print(f"migrate: {len(applied)} ไฟล์")
