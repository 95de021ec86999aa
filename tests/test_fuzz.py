"""The host fuzzers of the pure parsers (fuzz/*.c, make fuzz), briefly, in make test.

Each target is built with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer
(clang-14: tools/deps.sh installs it and libclang-rt-14-dev), replays its checked-in
corpus (fuzz/corpus/<target>/), then runs FUZZ_RUNS more inputs from a fixed seed, so a
run is the same on every machine. A crash fails the test; libFuzzer saves the input under
build/fuzz/crashes/ (make fuzz saves its own under fuzz/crashes/).
"""
import shutil
import subprocess

import pytest

from qemu_util import REPO

TARGETS = sorted(p.stem for p in (REPO / "fuzz").glob("*.c"))
FUZZ_RUNS = 20000
TIMEOUT = 300  # seconds for a build or a run; a run takes a few


@pytest.mark.parametrize("target", TARGETS)
def test_fuzz_target(target):
    exe = REPO / "build" / "fuzz" / target
    r = subprocess.run(["make", "-s", f"build/fuzz/{target}"], cwd=REPO, capture_output=True,
                       text=True, timeout=TIMEOUT)
    if r.returncode != 0:
        pytest.fail(f"build of {target} failed:\n{r.stdout}{r.stderr}", pytrace=False)
    scratch = REPO / "build" / "fuzz" / "scratch" / target  # new inputs land here
    crashes = REPO / "build" / "fuzz" / "crashes"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    crashes.mkdir(parents=True, exist_ok=True)
    corpus = REPO / "fuzz" / "corpus" / target
    run = subprocess.run([str(exe), f"-runs={FUZZ_RUNS}", "-seed=1",
                          f"-artifact_prefix={crashes}/{target}-", str(scratch), str(corpus)],
                         cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT,
                         stdin=subprocess.DEVNULL)
    assert run.returncode == 0, f"{target}: libFuzzer found a crash:\n{run.stderr[-4000:]}"
