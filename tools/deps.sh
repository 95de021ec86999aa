#!/usr/bin/env bash
# Install the Debian packages minivisor needs to build, run and test (see README.md).
#   tools/deps.sh          what the bare-metal scenarios need
#   tools/deps.sh linux    that, and what building Linux guests needs (tools/linux.sh)
# A fast no-op when everything is present; needs no terminal, so CI can run it as is.
# Without Recommends, so this list is the whole truth: every command the Makefile and the
# tests run comes from a package named here (or from a minimal Debian: bash, coreutils, sed,
# grep, mawk). QEMU's aarch64 virt would want ipxe-qemu's efi-virtio.rom for its default NIC;
# we run it with -nic none instead (docs/platform.md).
set -euo pipefail

PACKAGES=(
	make gcc libc6-dev python3 python3-pytest libcmocka-dev     # host side: unit tests
	python3-pexpect                                             # tests that type at a shell
	gcc-aarch64-linux-gnu gcc-riscv64-unknown-elf               # cross compilers
	picolibc-aarch64-linux-gnu picolibc-riscv64-unknown-elf     # libc for the bare-metal guests
	device-tree-compiler                                        # guest DTBs
	qemu-system-arm qemu-system-misc                            # the virt machines (+ OpenSBI)
	gdb-multiarch                                               # make debug / make gdb
	clang-format-14                                             # make format, the style test
	clang-14 libclang-rt-14-dev                                 # make fuzz: libFuzzer, sanitizers
)
# Linux 6.1 from Debian's source package, cross-built (tinyconfig needs no more than this:
# no modules, no signing, no objtool on arm64/riscv); busybox comes in tools/linux.sh.
LINUX_PACKAGES=(
	linux-source-6.1 xz-utils                                   # the source tarball
	gcc-riscv64-linux-gnu                                       # gcc-aarch64-linux-gnu: above
	flex bison bc                                               # kconfig and the build itself
)
[[ ${1:-} == linux ]] && PACKAGES+=("${LINUX_PACKAGES[@]}")

# dpkg-query prints "install ok installed" for each package that is fully installed.
missing=()
for pkg in "${PACKAGES[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	[[ $status == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "tools/deps.sh: installing ${missing[*]} (first time only, a few minutes)"
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
log=$(mktemp /tmp/minivisor-deps.XXXXXX.log)
if ! "${sudo[@]}" apt-get update -qq </dev/null >"$log" 2>&1; then
	tail -n 30 "$log"
	echo "tools/deps.sh: apt-get update failed (whole log: $log)"
	exit 1
fi
# A package apt has no candidate for cannot be installed here: name it, once.
for pkg in "${missing[@]}"; do
	policy=$(apt-cache policy "$pkg" 2>/dev/null) # (piped to grep -q, pipefail can see SIGPIPE)
	if [[ $policy != *"Candidate: "[0-9]* ]]; then
		echo "tools/deps.sh: the Debian package $pkg cannot be had from this machine's" \
		     "apt sources (apt knows no version of it)" >&2
		exit 1
	fi
done
if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null >"$log" 2>&1; then
	tail -n 30 "$log"
	echo "tools/deps.sh: could not install ${missing[*]} (whole log: $log)"
	exit 1
fi
rm -f "$log"
echo "tools/deps.sh: done"
