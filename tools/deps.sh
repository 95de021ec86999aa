#!/usr/bin/env bash
# Install the Debian packages minivisor needs to build, run and test (see README.md).
# A fast no-op when everything is present; needs no terminal, so CI can run it as is.
set -euo pipefail

PACKAGES=(
	make gcc libc6-dev python3 python3-pytest libcmocka-dev     # host side: unit tests
	gcc-aarch64-linux-gnu gcc-riscv64-unknown-elf               # cross compilers
	picolibc-aarch64-linux-gnu picolibc-riscv64-unknown-elf     # libc for the bare-metal guests
	device-tree-compiler                                        # guest DTBs
	qemu-system-arm qemu-system-misc                            # the virt machines (+ OpenSBI)
	gdb-multiarch                                               # make debug / make gdb
)

# dpkg-query prints "install ok installed" for each package that is fully installed.
missing=()
for pkg in "${PACKAGES[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	[[ $status == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "tools/deps.sh: installing ${missing[*]}"
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq </dev/null
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
