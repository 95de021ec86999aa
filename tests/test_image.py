"""The hypervisor image must not contain one FP/SIMD instruction.

Guests own the FP/SIMD registers and minivisor never saves or restores them (1:1 vCPU:pCPU),
so a single compiler-generated `str q0` or `fmv.d.x` in the hypervisor corrupts a guest
silently (docs/platform.md: picolibc's printf does exactly that). This test disassembles the
built hypervisor and lists every offending line.
"""
import re
import subprocess

import pytest

from qemu_util import build

OBJDUMP = {"aarch64": "aarch64-linux-gnu-objdump", "riscv64": "riscv64-unknown-elf-objdump"}

# aarch64: SIMD&FP registers b/h/s/d/q/v0..31 (and SVE z0..31) as operands. \b keeps `sp`,
# `x0`, `s3_4_c12_c11_1` (a system register) and hex like `0x1d0` out.
A64_FP_REG = re.compile(r"\b[bhsdqvz]([0-9]|[12][0-9]|3[01])\b")
# Mnemonics that are FP/SIMD even when no such register is named (belt and braces):
# every `f...` (fmov, fadd, fcvt, ...: A64 has no integer mnemonic starting with f).
A64_FP_MNEMONIC = re.compile(
    r"^(f\w*|ld[1-4]r?|st[1-4]|dup|movi|mvni|ins|umov|smov|scvtf|ucvtf|cnt|addv|uaddlv|"
    r"tbl|tbx|zip[12]|uzp[12]|trn[12]|ext|aes\w+|sha\w+|pmull2?)$")
A64_FP_SYSREG = re.compile(r"\b(fpcr|fpsr|fpexc32_el2)\b", re.I)

# riscv: F/D/Q/Zfh instructions all start with `f`, except the memory fences.
RV_NOT_FP = {"fence", "fence.i", "fence.tso"}
RV_FP_REG = re.compile(r"\bf(t([0-9]|1[01])|s([0-9]|1[01])|a[0-7]|[12]?[0-9]|3[01])\b")
RV_FP_CSR = re.compile(r"\b(fcsr|frm|fflags)\b")


def instructions(disasm, arch):
    """(line, mnemonic, operands) for each instruction line of `objdump -d` output:
    `  40200000:\\td2800000 \\tmov\\tx0, #0x0  // comment`. Comments and <symbol> names are
    dropped from the operands so they cannot match (or hide) a register name."""
    comment = "//" if arch == "aarch64" else "#"  # riscv has no '#' immediates
    for line in disasm.splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not re.fullmatch(r"\s*[0-9a-f]+:", parts[0]):
            continue
        operands = "\t".join(parts[3:]).split(comment)[0]
        operands = re.sub(r"<[^>]*>", "", operands)
        yield line, parts[2].strip(), operands


def is_fp(arch, mnemonic, operands):
    if arch == "aarch64":
        return bool(A64_FP_MNEMONIC.match(mnemonic) or A64_FP_REG.search(operands) or
                    (mnemonic in ("msr", "mrs") and A64_FP_SYSREG.search(operands)))
    return bool((mnemonic.startswith("f") and mnemonic not in RV_NOT_FP) or
                RV_FP_REG.search(operands) or RV_FP_CSR.search(operands))


def fp_lines(arch, disasm):
    """Every line of @disasm that uses FP/SIMD state."""
    return [line for line, mn, ops in instructions(disasm, arch) if is_fp(arch, mn, ops)]


def disassemble(arch):
    elf = build(arch, "hello")
    r = subprocess.run([OBJDUMP[arch], "-d", str(elf)], capture_output=True, text=True,
                       check=True)
    return r.stdout


@pytest.fixture(scope="module")
def disassembly():
    """objdump -d of each arch's hello build, made once per arch for this module."""
    cache = {}
    return lambda arch: cache.setdefault(arch, disassemble(arch))


def test_no_fp_simd_in_hypervisor(arch, disassembly):
    bad = fp_lines(arch, disassembly(arch))
    assert not bad, (f"{len(bad)} FP/SIMD instruction(s) in the {arch} hypervisor "
                     "(guests own that state):\n" + "\n".join(bad[:50]))


def test_disassembly_not_empty(arch, disassembly):
    """If objdump printed nothing, the check above would pass without looking."""
    n = sum(1 for _ in instructions(disassembly(arch), arch))
    assert n > 500, f"only {n} instructions disassembled from the {arch} hypervisor"


# ---- the checker itself: it must flag known FP lines and let integer code through ----

FLAGGED = {
    "aarch64": [
        "  40200010:\t4e080c00 \tdup\tv0.2d, x0",
        "  40200014:\t3d800000 \tstr\tq0, [x0]",
        "  40200018:\tad0007e0 \tstp\tq0, q1, [sp]",
        "  4020001c:\t9e670000 \tfmov\td0, x0",
        "  40200020:\td51b4400 \tmsr\tfpcr, x0",
        "  40200024:\t0f000400 \tmovi\tv0.2s, #0x0",
        "  40200028:\t4c407000 \tld1\t{v0.16b}, [x0]",
        "  4020002c:\tbd400000 \tldr\ts0, [x0]",
    ],
    "riscv64": [
        "  80200010:\t00053007          \tfld\tft0,0(a0)",
        "  80200014:\tf2050053          \tfmv.d.x\tft0,a0",
        "  80200018:\t00302573          \tcsrr\ta0,fcsr",
        "  8020001c:\t00301073          \tfscsr\tzero",
        "  80200020:\t2188                \tfld\tfa0,0(a1)",
        "  80200024:\t00202573          \tcsrr\ta0,frm",
    ],
}
CLEAN = {
    "aarch64": [
        "  40200000:\t910003fd \tmov\tx29, sp",
        "  40200004:\tf940e800 \tldr\tx0, [x0, #0x1d0]",
        "  40200008:\td53ccb20 \tmrs\tx0, s3_4_c12_c11_1",
        "  4020000c:\t94000000 \tbl\t40200000 <d0_handler>  // b0 d1",
        "  40200010:\t540003c8 \tb.hi\t40200150 <image_load+0xa0>  // b.pmore",
        "  40200014:\td2800802 \tmov\tx2, #0x40                  \t// #64",
    ],
    "riscv64": [
        "  80200000:\t0ff0000f          \tfence",
        "  80200004:\t0000100f          \tfence.i",
        "  80200008:\t8322                \tmv\ts0,s1",
        "  8020000c:\t00000517          \tauipc\ta0,0x0\t# 8020000c <fa0_label>",
        "  80200010:\t10002573          \tcsrr\ta0,sstatus",
    ],
}


@pytest.mark.parametrize("arch_", ["aarch64", "riscv64"])
def test_checker_flags_fp(arch_):
    for line in FLAGGED[arch_]:
        assert fp_lines(arch_, line) == [line], f"not flagged: {line!r}"


@pytest.mark.parametrize("arch_", ["aarch64", "riscv64"])
def test_checker_passes_integer_code(arch_):
    assert fp_lines(arch_, "\n".join(CLEAN[arch_])) == []
    assert len(list(instructions("\n".join(CLEAN[arch_]), arch_))) == len(CLEAN[arch_])
