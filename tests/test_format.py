"""The C sources follow the house style that .clang-format describes (Linux-like: tabs,
100 columns). Debian bookworm's clang-format 14 is the reference (tools/deps.sh installs it):
another version may format a few constructs differently. To fix a failure: `make format`."""
import subprocess

from qemu_util import REPO

CLANG_FORMAT = "clang-format-14"


def c_sources():
    """Every C source and header of the project, as git knows them (build/ is not one)."""
    out = subprocess.run(["git", "ls-files", "*.c", "*.h"], cwd=REPO, stdout=subprocess.PIPE,
                         text=True, check=True).stdout
    return out.split()


def test_c_sources_are_formatted():
    files = c_sources()
    assert len(files) > 50, files
    r = subprocess.run([CLANG_FORMAT, "--dry-run", "--Werror", *files], cwd=REPO,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    # One line per place, as clang-format says it: "file:line:col: error: code should be..."
    places = [l for l in r.stdout.splitlines() if ": error: " in l]
    assert r.returncode == 0, (f"{len(places)} place(s) not formatted as .clang-format says "
                               f"(run `make format`):\n" + "\n".join(places[:40]))
