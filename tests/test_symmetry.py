"""One shape, two architectures: the trees aarch64/ and riscv64/ define the same names.

Read from the built images with nm, so what is checked is what the compiler kept:
- every function common/arch.h declares is defined in both hypervisor images, or, for the
  hooks that are no symbols, static inline in the headers of both arch trees that arch.h
  names (<arch>/arch_cpu.h, ...);
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


def uncomment(text):
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def arch_h_hooks():
    """The functions common/arch.h declares (the whole arch contract)."""
    text = uncomment((REPO / "common" / "arch.h").read_text())
    return sorted(set(re.findall(r"\b(\w+)\s*\([^;{]*\)\s*;", text)) - {"__attribute__"})


def arch_h_headers():
    """The headers arch.h says an arch provides: `<arch>/arch_cpu.h`, ..."""
    return sorted(set(re.findall(r"<arch>/(\w+\.h)", (REPO / "common" / "arch.h").read_text())))


def inline_functions(text):
    """The functions a header defines static inline (a body, not only a declaration)."""
    return set(re.findall(r"^static inline\b[^;{(]*?\b(\w+)\s*\([^;{]*\)\s*\{",
                          uncomment(text), re.M))


def inline_hooks(arch):
    """The functions the arch's headers that arch.h names define static inline."""
    names = set()
    for header in arch_h_headers():
        path = REPO / arch / header
        assert path.exists(), f"arch.h names <arch>/{header}, which {arch}/ lacks"
        names |= inline_functions(path.read_text())
    return names


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


def missing_hooks(hooks, defined):
    """The hooks a tree defines neither as a symbol nor static inline, naming the tree."""
    return [f"{h} (missing in {a})" for h in hooks for a in ARCHES if h not in defined[a]]


def test_arch_h_hooks_in_both_trees(images):
    hooks = arch_h_hooks()
    assert len(hooks) >= 10, f"arch.h parsed badly: {hooks}"
    assert "arch_cpu.h" in arch_h_headers(), f"arch.h parsed badly: {arch_h_headers()}"
    missing = missing_hooks(hooks, {a: images[a] | inline_hooks(a) for a in ARCHES})
    assert not missing, "arch.h hooks not defined in both trees:\n" + "\n".join(missing)


def test_the_check_catches_an_inline_hook_in_one_tree():
    """The check itself: a static inline hook counts only where its body is, per tree."""
    header = """
/* static inline void arch_commented(void) { } */
static inline u64 arch_cpu_reg(const struct arch_cpu *cpu, u32 n)
{
	return cpu->x[n];
}
static inline struct arch_cpu *arch_this_cpu(void)
{
static inline void arch_declared_only(void);
"""
    assert inline_functions(header) == {"arch_cpu_reg", "arch_this_cpu"}
    hooks = ["arch_cpu_reg", "arch_cpu_run"]
    defined = {"aarch64": {"arch_cpu_run"} | inline_functions(header), "riscv64": {"arch_cpu_run"}}
    assert missing_hooks(hooks, defined) == ["arch_cpu_reg (missing in riscv64)"]
    defined["riscv64"].add("arch_cpu_reg")
    assert missing_hooks(hooks, defined) == []


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
