"""One shape, two architectures: the trees aarch64/ and riscv64/ define the same names.

Read from the built images with nm, so what is checked is what the compiler kept:
- every function common/arch.h declares is defined in both hypervisor images;
- every name in tests/mirrored_names.txt (the arch-internal concepts a reader of one tree looks
  for in the other: handle_vmexit, vmreturn, ...) is defined in both images;
- every global function an arch tree defines exists in the other tree too, unless
  tests/mirrored_names.txt lists it as belonging to that arch alone (gic_*, plic_*, ...).
A name added to one tree alone fails here, naming the tree that lacks it.
"""
import fnmatch
import re
import subprocess

import pytest

from qemu_util import ARCHES, REPO, build

NM = {"aarch64": "aarch64-linux-gnu-nm", "riscv64": "riscv64-unknown-elf-nm"}
LIST = REPO / "tests" / "mirrored_names.txt"


def read_list():
    """(mirrored names, {arch: [patterns of names that arch alone defines]})."""
    mirrored, only, section = [], {a: [] for a in ARCHES}, None
    for raw in LIST.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"\[(\w+) only\]", line)
        if m:
            section = m.group(1)
            assert section in ARCHES, f"{LIST.name}: unknown section {line}"
        elif section:
            only[section].append(line)
        else:
            mirrored.append(line)
    return mirrored, only


def arch_h_hooks():
    """The functions common/arch.h declares (the whole arch contract)."""
    text = (REPO / "common" / "arch.h").read_text()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return sorted(set(re.findall(r"\b(\w+)\s*\([^;{]*\)\s*;", text)) - {"__attribute__"})


def nm(arch, *files, flags=("--defined-only",)):
    out = subprocess.run([NM[arch], *flags, *map(str, files)], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, check=True).stdout
    return out


@pytest.fixture(scope="module")
def images():
    """{arch: names (functions and data) defined in the hello scenario's hypervisor image}."""
    names = {}
    for arch in ARCHES:
        elf = build(arch, "hello")
        names[arch] = set(re.findall(r"^[0-9a-f]+ [TtDdRrBb] (\S+)$", nm(arch, elf), re.M))
    return names


def arch_globals(arch):
    """Global functions defined by the objects of the arch tree alone (those of its sources
    today: build/ may still hold the object of a file since removed)."""
    srcs = sorted((REPO / arch).glob("*.[cS]"))
    objs = [REPO / "build" / arch / "obj" / arch / f"{src.name}.o" for src in srcs]
    assert objs and all(o.exists() for o in objs), f"objects of {arch}/ not built"
    return set(re.findall(r"^[0-9a-f]+ T (\S+)$", nm(arch, *objs, flags=("-g", "--defined-only")),
                          re.M))


def test_arch_h_hooks_in_both_images(images):
    hooks = arch_h_hooks()
    assert len(hooks) >= 10, f"arch.h parsed badly: {hooks}"
    missing = [f"{h} (missing in {a})" for h in hooks for a in ARCHES if h not in images[a]]
    assert not missing, "arch.h hooks not defined in both trees:\n" + "\n".join(missing)


def test_mirrored_names_in_both_images(images):
    mirrored, _ = read_list()
    assert len(mirrored) >= 10, f"{LIST.name} lists too little"
    missing = [f"{n} (missing in {a})" for n in mirrored for a in ARCHES if n not in images[a]]
    assert not missing, f"names of {LIST.name} not defined in both trees:\n" + "\n".join(missing)


def lonely_names(defined, only):
    """Names one tree defines and the other lacks, unless listed for that tree alone."""
    lonely = []
    for a, b in (ARCHES, ARCHES[::-1]):
        for name in sorted(defined[a] - defined[b]):
            if not any(fnmatch.fnmatchcase(name, p) for p in only[a]):
                lonely.append(f"{name}: defined in {a}/ but not in {b}/")
    return lonely


def test_no_global_in_one_tree_alone(images):
    _, only = read_list()
    lonely = lonely_names({a: arch_globals(a) for a in ARCHES}, only)
    assert not lonely, (f"add the twin, or list the name under [<arch> only] in {LIST.name}:\n"
                        + "\n".join(lonely))


def test_the_check_catches_a_name_in_one_tree():
    """The check itself: a name planted in one tree is caught, its twin or listing clears it."""
    only = {"aarch64": ["gic_*"], "riscv64": []}
    both = {"handle_vmexit", "arch_cpu_run"}
    planted = {"aarch64": both | {"gic_init", "handle_new_exit"}, "riscv64": set(both)}
    assert lonely_names(planted, only) == [
        "handle_new_exit: defined in aarch64/ but not in riscv64/"]
    planted["riscv64"].add("handle_new_exit")
    assert lonely_names(planted, only) == []
