"""What the app imports at start-up: libraries only some requests need are imported by those."""

import subprocess
import sys

# Import times on the development machine: python-docx 0.3-1 s, huey (with redis and psycopg)
# 0.2-0.4 s, pikepdf 0.2 s, httpx 0.2 s, mammoth 0.2 s.
LATER = ("docx", "mammoth", "huey", "redis", "pikepdf", "httpx", "weasyprint")


def test_the_app_starts_without_the_libraries_of_files_jobs_and_translation() -> None:
    script = f"import sys, api.app; print(' '.join(m for m in {LATER!r} if m in sys.modules))"
    imported = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert imported == []
