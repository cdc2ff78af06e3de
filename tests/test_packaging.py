"""The wheel holds every file the packages track: an install from it serves what the source tree does."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "norms", "submissions", "synthesis", "web")


def _tracked() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "pyproject.toml", "README.md", *PACKAGES],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """Built from a copy of the tracked files only, as a clean checkout would build it."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("the packaging test needs the git checkout")
    source = tmp_path_factory.mktemp("source")
    for name in _tracked():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("normbook-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_holds_every_tracked_package_file(wheel: zipfile.ZipFile) -> None:
    inside = set(wheel.namelist())
    tracked = [name for name in _tracked() if name.split("/")[0] in PACKAGES]
    missing = [name for name in tracked if name not in inside]
    assert not missing, f"not in the wheel: {missing}"
    assert "web/templates/opendata/feed.xml" in inside


def test_the_wheel_holds_nothing_untracked_under_the_packages(wheel: zipfile.ZipFile) -> None:
    tracked = set(_tracked())
    stray = [
        name for name in wheel.namelist() if name.split("/")[0] in PACKAGES and name not in tracked
    ]
    assert not stray, f"in the wheel but not tracked: {stray}"
