#!/usr/bin/env bash
# Linux for minivisor zones, from Debian packages alone:  tools/linux.sh ARCH OUTDIR
#
# Makes OUTDIR/linux-Image (Linux 6.1 from linux-source-6.1: tinyconfig plus the fragments
# guests/linux/common.config and guests/linux/ARCH.config) and OUTDIR/linux-initramfs.cpio.gz
# (busybox-static of ARCH and guests/linux/init). Both are built once, in the user's cache
# ${XDG_CACHE_HOME:-~/.cache}/minivisor, under a key made of everything that goes into them
# (fragments, init script, package versions): a run with nothing changed takes a second or
# two, a changed fragment or package rebuilds. The OUTDIR copies are rewritten only when
# they differ, so make relinks what includes them only then. `make linux` runs this.
set -Eeuo pipefail # -E: the ERR trap below fires inside functions too
trap 'echo "linux: tools/linux.sh stopped at line $LINENO (status $?)" >&2' ERR

usage="usage: tools/linux.sh aarch64|riscv64 OUTDIR"
arch=${1:?$usage}
out=${2:?$usage}
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/minivisor
RECIPE=1 # part of every key: bump it when a build step below changes what it makes

# Per arch: the kernel's ARCH, the cross compiler, Debian's name for the arch, and the
# Debian suites to take busybox from, in order (bookworm has no riscv64 port; when one
# suite's index is half-synced on the mirror, the next is tried).
case $arch in
aarch64) karch=arm64 cross=aarch64-linux-gnu- debarch=arm64 suites="bookworm trixie" ;;
riscv64) karch=riscv cross=riscv64-linux-gnu- debarch=riscv64 suites="trixie sid" ;;
*) echo "$usage" >&2; exit 2 ;;
esac

say() { echo "linux: $*"; }
die() { echo "linux: $*" >&2; exit 1; }
# die, showing the end of @log (the reason is nearly always in its last lines)
die_log() {
	local what=$1 log=$2
	{ echo "linux: $what failed; the last lines of $log:"; tail -n 25 "$log" | sed 's/^/  | /'
	} >&2
	exit 1
}
elapsed() { printf '%d min %02d s' $((SECONDS / 60)) $((SECONDS % 60)); }

# ---- what this needs: packages, each named once if missing ----
pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }
need() {
	[[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]] ||
		die "needs the Debian package $1, which is not installed: run 'tools/deps.sh linux'"
}
cross_gcc=gcc-${cross%-}
for pkg in linux-source-6.1 "$cross_gcc" flex bison bc xz-utils gcc make; do need "$pkg"; done
src_ver=$(pkg_version linux-source-6.1)
tarball=/usr/src/linux-source-6.1.tar.xz

mkdir -p "$cache" "$out"
# One build at a time: arches share the source tree, and two makes in one tree collide.
exec 9>"$cache/lock"
flock -n 9 || { say "waiting for another tools/linux.sh to finish"; flock 9; }
# Scratch space of this run; what a failed or interrupted run left there goes now.
rm -rf "$cache/tmp" && mkdir -p "$cache/tmp"

# ---- the kernel source: extracted once per linux-source version ----
source_tree() {
	src=$cache/src/linux-source-6.1_$src_ver
	[[ -f $src/.complete ]] && return
	say "extracting $tarball ($src_ver), first time only: ~30 s"
	rm -rf "$cache/src" && mkdir -p "$src.part" # older versions' trees go too (~1.3 GB)
	tar -xJf "$tarball" -C "$src.part" --strip-components=1 || die "cannot extract $tarball"
	touch "$src.part/.complete" && mv "$src.part" "$src"
}

# ---- the kernel Image ----
frags=("$top/guests/linux/common.config" "$top/guests/linux/$arch.config")
kkey=$({ echo "recipe $RECIPE linux-source $src_ver $cross_gcc $(pkg_version "$cross_gcc")"
	cat "${frags[@]}"; } | sha256sum | cut -c1-12)
kdir=$cache/linux-$arch-$kkey

# Every CONFIG_ line of the fragments must have survived olddefconfig: one that did not
# has a dependency the fragment lacks, and the kernel would quietly be without it.
check_config() {
	local line frag
	for frag in "${frags[@]}"; do
		while IFS= read -r line; do
			[[ $line =~ ^(CONFIG_|#\ CONFIG_) ]] || continue
			grep -qxF -- "$line" "$obj/.config" ||
				die "$line (${frag#"$top"/}) is not in the kernel's .config after" \
				    "olddefconfig (misspelt, or an option it needs is missing):" \
				    "see $obj/.config"
		done <"$frag"
	done
}

# make's output to the log; on the terminal a line per 100 files compiled.
progress() {
	local line n=0
	while IFS= read -r line; do
		printf '%s\n' "$line" >>"$log"
		if [[ $line == "  CC "* ]] && ((++n % 100 == 0)); then
			say "  $n files compiled ($(elapsed))"
		fi
	done
}

build_kernel() {
	source_tree
	# Kept between builds: a changed fragment rebuilds only what it changed.
	obj=$cache/build/linux-${src_ver}-$karch
	log=$cache/build/linux-$arch.log
	mkdir -p "$obj" && : >"$log"
	local kmake=(make -C "$src" O="$obj" ARCH="$karch" CROSS_COMPILE="$cross")
	say "configuring Linux $src_ver for $karch: tinyconfig + ${frags[*]#"$top"/}"
	{ "${kmake[@]}" tinyconfig &&
	  "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${frags[@]}" &&
	  "${kmake[@]}" olddefconfig; } >>"$log" 2>&1 || die_log "configuring the kernel" "$log"
	check_config
	# Measured with -j2: 2.5-6.5 min per arch (~550 files), the longer the busier the
	# machine; a changed fragment rebuilds only what it changes: seconds to minutes.
	if [[ -f $obj/vmlinux ]]; then
		say "rebuilding Linux $src_ver for $karch: only what changed; log in $log"
	else
		say "building Linux $src_ver for $karch, first time only: ~3-7 min on 2 cores" \
		    "($(nproc) here); log in $log"
	fi
	SECONDS=0
	"${kmake[@]}" -j"$(nproc)" Image 2>&1 | progress ||
		die_log "building Linux for $karch" "$log"
	mkdir -p "$kdir.part" && cp "$obj/arch/$karch/boot/Image" "$kdir.part/Image"
	rm -rf "$kdir" && mv "$kdir.part" "$kdir"
	say "built Linux for $karch in $(elapsed)"
}
[[ -s $kdir/Image ]] || build_kernel

# ---- busybox-static for ARCH, downloaded once with a private apt state ----

# The Debian mirror this machine's own apt uses: the URI of its release's sources entry
# (deb822 .sources first, then one-line .list), else the first one that is not -security.
# A file that is not there is no error: a new machine may have only one of the formats.
debian_mirror() {
	local rel
	rel=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	local sources=(/etc/apt/sources.list.d/*.sources) lists=(/etc/apt/sources.list
		/etc/apt/sources.list.d/*.list)
	{ awk -v rel="$rel" 'BEGIN { RS = "" } { # one deb822 stanza per record
		uri = ""; ok = 0; n = split($0, l, "\n")
		for (i = 1; i <= n; i++) {
			if (l[i] ~ /^URIs:/) { split(l[i], w, " "); uri = w[2] }
			if (l[i] ~ /^Suites:/) {
				m = split(l[i], s, " ")
				for (j = 2; j <= m; j++) if (s[j] == rel) ok = 1
			}
		}
		if (uri != "" && ok) print uri }' "${sources[@]}" 2>/dev/null || true
	  awk -v rel="$rel" '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
		if ($(i + 1) == rel) print $i }' "${lists[@]}" 2>/dev/null || true
	  awk '/^URIs:/ && $2 !~ /security/ { print $2 }' "${sources[@]}" 2>/dev/null || true
	  awk '$1 == "deb" && $0 !~ /security/ { print ($2 ~ /^\[/) ? $3 : $2 }' "${lists[@]}" \
		2>/dev/null || true
	} | sed -n 1p # (head would end the pipe early: SIGPIPE, which pipefail reports)
}

# Try one suite: its index, then the package, into $bb_deb. The apt output goes to $log.
apt_download() {
	local suite=$1 st opts dl attempt
	# Its own lists, cache and sources: the machine's apt configuration is not touched.
	st=$cache/apt/$debarch-$suite
	mkdir -p "$st/lists/partial" "$st/cache/archives/partial" "$st/sources.list.d"
	echo "deb [arch=$debarch signed-by=$keyring] $mirror $suite main" >"$st/sources.list"
	opts=(-q -o Dir::State::Lists="$st/lists" -o Dir::Etc::sourcelist="$st/sources.list"
	      -o Dir::Etc::sourceparts="$st/sources.list.d" -o Dir::Cache="$st/cache"
	      -o APT::Architectures::="$debarch")
	dl=$(mktemp -d "$cache/tmp/dl.XXXXXX")
	attempt=$dl.log
	apt-get "${opts[@]}" update >"$attempt" 2>&1
	# A mirror frozen in time (a snapshot) serves Release files past their Valid-Until
	# date, which apt refuses; their signatures are still checked.
	if grep -q "is expired" "$attempt"; then
		say "Debian $suite's index is past its Valid-Until date (a snapshot mirror?):" \
		    "taking it anyway, its signature checked"
		opts+=(-o Acquire::Check-Valid-Until=false)
		apt-get "${opts[@]}" update >>"$attempt" 2>&1
	fi
	# A half-synced index fails the update (apt: "File has unexpected size"), but only
	# the download says whether the package can be had: it decides.
	(cd "$dl" && apt-get "${opts[@]}" download "busybox-static:$debarch") >>"$attempt" 2>&1 &&
		mv "$dl"/busybox-static_*.deb "$bb_deb"
	local rc=$?
	cat "$attempt" >>"$log"
	return $rc
}

fetch_busybox() {
	local suite
	log=$cache/debs/apt-$debarch.log
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	mkdir -p "$cache/debs" && : >"$log"
	mirror=$(debian_mirror)
	[[ -n $mirror ]] || die "cannot download busybox-static:$debarch: no Debian mirror in" \
		"this machine's apt sources (/etc/apt/sources.list.d/*.sources, sources.list)"
	for suite in $suites; do
		say "downloading busybox-static:$debarch from Debian $suite (index ~10 MB)," \
		    "first time only"
		apt_download "$suite" && return
		say "Debian $suite did not give it (half-synced mirror? see $log)"
	done
	die_log "downloading busybox-static:$debarch (tried Debian $suites from $mirror)" "$log"
}
bb_deb=$cache/debs/busybox-static_$debarch.deb
[[ -s $bb_deb ]] || fetch_busybox

# ---- the initramfs: busybox, /init and /dev/console, packed by the kernel's own tool ----
ikey=$({ echo "recipe $RECIPE linux-source $src_ver"; sha256sum <"$bb_deb"
	cat "$top/guests/linux/init"; } | sha256sum | cut -c1-12)
idir=$cache/initramfs-$arch-$ikey

# The ELF machine of file @1 (e_machine, 2 bytes at offset 18): 183 aarch64, 243 riscv.
elf_machine() { od -An -tu2 -j18 -N2 "$1" | tr -d ' '; }

build_initramfs() {
	local tmp bb want
	source_tree
	tmp=$(mktemp -d "$cache/tmp/initramfs.XXXXXX")
	# usr/gen_init_cpio makes device nodes (/dev/console) without root: built for the host.
	gcc -O2 -o "$tmp/gen_init_cpio" "$src/usr/gen_init_cpio.c" ||
		die "cannot build gen_init_cpio"
	dpkg-deb -x "$bb_deb" "$tmp/deb" || die "cannot unpack $bb_deb"
	bb=$tmp/deb/bin/busybox # bookworm's place; trixie's and sid's: /usr/bin
	[[ -f $bb ]] || bb=$tmp/deb/usr/bin/busybox
	want=$([[ $arch == aarch64 ]] && echo 183 || echo 243)
	[[ -f $bb && $(elf_machine "$bb") == "$want" ]] ||
		die "$bb_deb holds no $arch busybox: remove it and run again"
	cat >"$tmp/list" <<-EOF
		dir /dev 0755 0 0
		nod /dev/console 0600 0 0 c 5 1
		dir /proc 0755 0 0
		dir /sys 0755 0 0
		dir /tmp 1777 0 0
		dir /root 0700 0 0
		dir /bin 0755 0 0
		dir /sbin 0755 0 0
		dir /usr 0755 0 0
		dir /usr/bin 0755 0 0
		dir /usr/sbin 0755 0 0
		file /bin/busybox $bb 0755 0 0
		slink /bin/sh busybox 0777 0 0
		file /init $top/guests/linux/init 0755 0 0
	EOF
	mkdir -p "$idir.part"
	"$tmp/gen_init_cpio" -t 0 "$tmp/list" | gzip -9n >"$idir.part/initramfs.cpio.gz" ||
		die "cannot pack the initramfs"
	rm -rf "$tmp" "$idir" && mv "$idir.part" "$idir"
	say "packed the initramfs: busybox $(dpkg-deb -f "$bb_deb" Version) for $debarch"
}
[[ -s $idir/initramfs.cpio.gz ]] || build_initramfs

# ---- into OUTDIR, only if different ----
install_image() {
	cmp -s "$1" "$2" || { cp "$1" "$2.part" && mv "$2.part" "$2"; }
	echo "  LINUX   $2 ($(($(stat -c %s "$2") / 1024)) KiB, from ${1%/*})"
}
install_image "$kdir/Image" "$out/linux-Image"
install_image "$idir/initramfs.cpio.gz" "$out/linux-initramfs.cpio.gz"
