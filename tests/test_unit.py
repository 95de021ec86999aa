"""Host unit tests: each tests/unit/test_*.c is a cmocka program built with the host gcc.

Line 1 of each file says what else it is built from, relative to the repository root:
    /* build: common/pt.c aarch64/pte.c -Iaarch64 */
"""
import re
import subprocess

import pytest

from qemu_util import REPO

UNIT_DIR = REPO / "tests" / "unit"
SOURCES = sorted(UNIT_DIR.glob("test_*.c"))
CFLAGS = ["-std=gnu11", "-O1", "-g", "-Wall", "-Wextra", "-Werror", "-Icommon", "-Itests/unit"]
RUN_TIMEOUT = 60  # seconds; each program takes well under one


def build_args(src):
    """The sources and flags named on line 1, or fail the test if the line is missing."""
    first = src.read_text().split("\n", 1)[0]
    m = re.fullmatch(r"/\*\s*build:(.*?)\*/\s*", first)
    if not m:
        pytest.fail(f"{src.name}: line 1 must be `/* build: <sources> [flags] */`, "
                    f"found: {first!r}", pytrace=False)
    return m[1].split()


@pytest.mark.parametrize("src", SOURCES, ids=[s.name for s in SOURCES])
def test_unit(src):
    exe = REPO / "build" / "host" / src.stem
    exe.parent.mkdir(parents=True, exist_ok=True)
    cmd = ["gcc", *CFLAGS, str(src.relative_to(REPO)), *build_args(src), "-lcmocka",
           "-o", str(exe)]
    cc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if cc.returncode != 0:
        pytest.fail(f"build failed: {' '.join(cmd)}\n{cc.stdout}{cc.stderr}", pytrace=False)

    try:
        run = subprocess.run([str(exe)], cwd=REPO, capture_output=True, text=True,
                             timeout=RUN_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        out = e.stdout or b""  # bytes here, even with text=True
        out = out.decode(errors="replace") if isinstance(out, bytes) else out
        pytest.fail(f"{src.name}: still running after {RUN_TIMEOUT} s\n{out}", pytrace=False)
    if run.returncode != 0:
        pytest.fail(f"{src.name}: exit status {run.returncode}\n{run.stdout}{run.stderr}",
                    pytrace=False)
