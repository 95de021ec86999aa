"""Shared pytest fixtures. A test that takes `arch` runs once per architecture:

    def test_boot(arch):
        rc, out = run_qemu(arch, "hello")
"""
import pytest

from qemu_util import ARCHES


@pytest.fixture(params=ARCHES)
def arch(request):
    """The architecture under test: "aarch64" or "riscv64" (also the test ids)."""
    return request.param
