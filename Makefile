# minivisor: `make run-aarch64`, `make run-riscv`, `make test`. See README.md.
#
# Inside, one architecture is built per make invocation: ARCH=aarch64|riscv64 selects
# $(ARCH)/arch.mk (cross compiler, flags, QEMU command line) and SCENARIO=<name> selects
# common/scenarios/<name>.c (which zones to boot, with which images).

ARCH     ?= aarch64
# `make run-aarch64` / `make run-riscv` with no SCENARIO: the demo, Linux beside a bare-metal
# zone (SCENARIO=linux). Everything else (build, test, debug, bench) defaults to hello.
ifeq ($(origin SCENARIO),undefined)
ifneq ($(filter run-aarch64 run-riscv,$(MAKECMDGOALS)),)
SCENARIO := linux
endif
endif
SCENARIO ?= hello
SMP      ?= 4
# DEBUG=1: -Og, every variable visible in gdb; TRACE=1: one line per exit (common/trace.h).
# Each build of its own kind, in a directory of its own: build/aarch64-debug-trace, ...
DEBUG    ?=
TRACE    ?=
BUILD    := build/$(ARCH)$(if $(DEBUG),-debug)$(if $(TRACE),-trace)

include $(ARCH)/arch.mk

CC      := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
OBJDUMP := $(CROSS)objdump

# The hypervisor: freestanding, no FP/SIMD anywhere (guests own that state).
HYP_CFLAGS := -std=gnu11 $(if $(DEBUG),-Og,-O2) -g $(if $(TRACE),-DTRACE=1) -Wall -Wextra -Werror -ffreestanding -fno-builtin \
	-fno-common -fno-stack-protector -fno-tree-loop-distribute-patterns -fno-pic -nostdinc -isystem $(shell $(CC) -print-file-name=include 2>/dev/null) \
	-Icommon -I$(ARCH) $(ARCH_CFLAGS) -MMD -MP
HYP_ASFLAGS := $(HYP_CFLAGS) -D__ASSEMBLER__
HYP_LDFLAGS := -nostdlib -static -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-T,$(ARCH)/linker.ld $(ARCH_LDFLAGS)

COMMON_SRCS := $(filter-out common/pl011.c common/ns16550.c,$(wildcard common/*.c)) $(COMMON_UART)
HYP_SRCS    := $(wildcard $(ARCH)/*.S) $(wildcard $(ARCH)/*.c) $(COMMON_SRCS)
HYP_OBJS    := $(patsubst %,$(BUILD)/obj/%.o,$(HYP_SRCS)) $(BUILD)/$(SCENARIO)/scenario.o \
	$(BUILD)/$(SCENARIO)/placed.o
# Scenarios to run live in common/scenarios/; deliberately broken ones for tests in tests/scenarios/.
SCENARIO_SRC := $(firstword $(wildcard common/scenarios/$(SCENARIO).c tests/scenarios/$(SCENARIO).c))
HYP_ELF     := $(BUILD)/$(SCENARIO)/minivisor.elf

# Bare-metal guests: one source per guest, per-arch startup only; picolibc for libc.
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror --specs=picolibc.specs \
	-DPICOLIBC_INTEGER_PRINTF_SCANF -Icommon -Iguests/lib -ffunction-sections $(GUEST_ARCH_CFLAGS)
GUEST_LDFLAGS := -nostartfiles -static -Wl,--gc-sections -Wl,--no-warn-rwx-segments -T guests/lib/$(ARCH)/guest.ld $(GUEST_ARCH_LDFLAGS)
GUEST_LIB := guests/lib/$(ARCH)/start.S guests/lib/$(ARCH)/arch.c guests/lib/$(ARCH)/irq.c guests/lib/guest.c
# Each guest image: the program it is built from, and its -D variant if any.
GUESTS := hello smp intruder victim oob undef bench irq flood beat sentinel attacker unbacked
GUEST_SRC_unbacked := unbacked
# What a guest OS can observe of one architecture only (SCENARIO=gic / SCENARIO=sbi).
GUESTS_aarch64 := timerlevel gicstate ptimer
GUESTS_riscv64 := suspend probe sip
GUEST_SRC_timerlevel := gicv3
GUEST_DEFS_timerlevel := -DCHECK_timerlevel
GUEST_SRC_gicstate := gicv3
GUEST_DEFS_gicstate := -DCHECK_gicstate
GUEST_SRC_ptimer := gicv3
GUEST_DEFS_ptimer := -DCHECK_ptimer
GUEST_SRC_suspend := sbi
GUEST_DEFS_suspend := -DCHECK_suspend
GUEST_SRC_probe := sbi
GUEST_DEFS_probe := -DCHECK_probe
GUEST_SRC_sip := sbi
GUEST_DEFS_sip := -DCHECK_sip
GUESTS += $(GUESTS_$(ARCH))
GUEST_SRC_beat := beat
GUEST_SRC_irq := irq
GUEST_SRC_flood := irq
GUEST_DEFS_flood := -DFLOOD
GUEST_SRC_hello := hello
GUEST_SRC_bench := bench
GUEST_SRC_smp := smp
GUEST_SRC_intruder := smp
GUEST_DEFS_intruder := -DINTRUDER
GUEST_SRC_victim := smp
GUEST_DEFS_victim := -DVICTIM
GUEST_SRC_oob := faulty
GUEST_DEFS_oob := -DFAULT_oob
GUEST_SRC_undef := faulty
GUEST_DEFS_undef := -DFAULT_undef
# SCENARIO=hostile (make test-hostile): the victim, whose pattern section sits where
# guests/hostile/layout.h says (PATTERN_IPA), and the attacker, built from several files.
GUEST_SRC_sentinel := sentinel
GUEST_EXTRA_sentinel := guests/sentinel/pattern.S guests/hostile/layout.h
GUEST_DEFS_sentinel := -Wl,--section-start=.sentinel_pattern=$(if $(filter aarch64,$(ARCH)),0x40100000,0x80100000)
GUEST_SRC_attacker := hostile
GUEST_EXTRA_attacker := $(addprefix guests/hostile/,attacks.c attacks_$(ARCH).c fuzz.c $(ARCH).S \
	hostile.h layout.h)
GUEST_ELFS := $(patsubst %,$(BUILD)/guests/%.elf,$(GUESTS))
# Linux (tools/linux.sh): only a scenario that links it in pays for building it (minutes,
# the first time).
LINUX_IMAGES := $(BUILD)/guests/linux-Image $(BUILD)/guests/linux-initramfs.cpio.gz
SCENARIO_LINUX := $(if $(SCENARIO_SRC),$(if $(shell grep -l '"linux-Image"' $(SCENARIO_SRC)),$(LINUX_IMAGES)))
# The scenario's device trees (tools/gen_dts.c), written into its build directory.
SCENARIO_DTBS := $(BUILD)/$(SCENARIO)/dtbs

.PHONY: all build run debug gdb guests linux clean deps test test-hostile fuzz fuzz-build \
	print-qemu format FORCE \
	run-aarch64 run-riscv debug-aarch64 debug-riscv gdb-aarch64 gdb-riscv bench bench-aarch64 bench-riscv
all: build
# Broken scenarios in tests/scenarios/ exist to be refused at boot: only they skip the build check.
build: $(HYP_ELF) $(if $(filter tests/%,$(SCENARIO_SRC)),,$(BUILD)/$(SCENARIO)/checked)
guests: $(GUEST_ELFS)

$(BUILD)/obj/%.c.o: %.c Makefile $(ARCH)/arch.mk
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(HYP_CFLAGS) -c $< -o $@
$(BUILD)/obj/%.S.o: %.S Makefile $(ARCH)/arch.mk
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(CC) $(HYP_ASFLAGS) -c $< -o $@
# The scenario's image files are found in IMAGE_SEARCH, first match wins: its DTBs in its
# own build directory, the rest in the guests'. ELF guests are linked in (IMAGE() in
# zone_config.h, through -Wa,-I); raw images (PLACED_IMAGE()) are placed by QEMU: see
# placed.c below. LINUX_IMAGE=/path/Image puts a kernel of one's own in place of
# tools/linux.sh's: copied into user/, searched first; user/path names the one in use, so a
# change of LINUX_IMAGE (or none) places the other.
USER_DIR := $(BUILD)/$(SCENARIO)/user
IMAGE_SEARCH := $(if $(LINUX_IMAGE),$(USER_DIR)) $(BUILD)/$(SCENARIO) $(BUILD)/guests
comma := ,
IMAGE_DIRS := $(addprefix -Wa$(comma)-I,$(IMAGE_SEARCH))
$(USER_DIR)/path: FORCE
	@mkdir -p $(@D)
ifeq ($(LINUX_IMAGE),)
	@rm -f $(@D)/linux-Image
else
	@test -f "$(LINUX_IMAGE)" || { echo "LINUX_IMAGE=$(LINUX_IMAGE): no such file" >&2; exit 1; }
	@cmp -s "$(LINUX_IMAGE)" $(@D)/linux-Image || { cp "$(LINUX_IMAGE)" $(@D)/linux-Image && \
		rm -f $@ && echo "  LINUX   $(@D)/linux-Image (from $(LINUX_IMAGE))"; }
endif
	@echo "$(if $(LINUX_IMAGE),$(abspath $(LINUX_IMAGE)))" | cmp -s - $@ || \
		echo "$(if $(LINUX_IMAGE),$(abspath $(LINUX_IMAGE)))" >$@
# Its DTBs too: a scenario may link one in (tests/scenarios/bad-image.c), which a clean
# build must write before it assembles the .incbin.
$(BUILD)/$(SCENARIO)/scenario.o: $(SCENARIO_SRC) $(GUEST_ELFS) $(SCENARIO_DTBS)
	@mkdir -p $(@D)
	@echo "  CC      $< ($(SCENARIO))"
	@$(CC) $(HYP_CFLAGS) $(IMAGE_DIRS) -c $< -o $@
# Raw images (Linux, its initrd, DTBs) are never linked in: QEMU's loader device places
# each in its zone's RAM (tools/gen_placed.c writes the -device options into qemu-loaders,
# which QEMU_CMD reads), and the hypervisor checks it in place against placed.c.
PLACED := $(BUILD)/$(SCENARIO)/placed.c $(BUILD)/$(SCENARIO)/qemu-loaders
$(PLACED) &: $(SCENARIO_SRC) tools/gen_placed.c tools/scenario_images.c tools/scenario_images.h \
		common/zone_config.h common/zone_config.c $(SCENARIO_LINUX) $(SCENARIO_DTBS) \
		$(if $(SCENARIO_LINUX),$(USER_DIR)/path)
	@mkdir -p $(@D)
	@gcc -std=gnu11 -O1 -Wall -Wextra -Werror -Icommon -I$(ARCH) -include tools/scenario_images.h \
		tools/gen_placed.c tools/scenario_images.c $(SCENARIO_SRC) common/zone_config.c \
		-o $(@D)/gen_placed
	@$(@D)/gen_placed $(SCENARIO_SRC) $(@D) $(IMAGE_SEARCH)
$(BUILD)/$(SCENARIO)/placed.o: $(BUILD)/$(SCENARIO)/placed.c
	@$(CC) $(HYP_CFLAGS) -c $< -o $@
$(HYP_ELF): $(HYP_OBJS) $(ARCH)/linker.ld
	@echo "  LD      $@"
	@$(CC) $(HYP_CFLAGS) $(HYP_LDFLAGS) $(HYP_OBJS) -o $@

.SECONDEXPANSION:
$(BUILD)/guests/%.elf: guests/$$(GUEST_SRC_$$*)/main.c $$(GUEST_EXTRA_$$*) $(GUEST_LIB) \
		guests/lib/$(ARCH)/guest.ld guests/lib/guest.h common/hypercall_abi.h Makefile
	@mkdir -p $(@D)
	@echo "  GUEST   $@"
	@$(CC) $(GUEST_CFLAGS) $(GUEST_DEFS_$*) $(GUEST_LDFLAGS) $(filter %.c %.S,$^) -o $@
# The scenario checks of zone_config.c and loader.c, run at build time on the host
# (tools/check_scenario.c): a scenario the hypervisor would refuse at boot fails the build.
$(BUILD)/$(SCENARIO)/checked: $(HYP_ELF) tools/check_scenario.c common/zone_config.c common/loader.c
	@echo "  CHECK   $(SCENARIO_SRC)"
	@gcc -std=gnu11 -O1 -w -Icommon -I$(ARCH) $(IMAGE_DIRS) -DNR_CPUS=$(SMP) \
		-DHYP_END=0x$$($(CROSS)nm $(HYP_ELF) | awk '/ __hyp_end$$/ {print $$1}')UL \
		tools/check_scenario.c $(SCENARIO_SRC) $(BUILD)/$(SCENARIO)/placed.c \
		common/zone_config.c common/loader.c \
		-o $(BUILD)/$(SCENARIO)/check
	@$(BUILD)/$(SCENARIO)/check
	@touch $@

# Each zone booted with a DTB gets one written from its zone_config by tools/gen_dts.c,
# built like check_scenario.c from the scenario file and the hypervisor's headers, so the
# tree cannot disagree with what the hypervisor sets up. The .dts files stay beside the
# .dtb in $(BUILD)/$(SCENARIO)/ for reading. It reads the initrd's size: Linux comes first.
GEN_DTS_SRCS := tools/gen_dts.c tools/gen_dts_$(ARCH).c
$(SCENARIO_DTBS): $(SCENARIO_SRC) $(GEN_DTS_SRCS) tools/gen_dts.h tools/scenario_images.h \
		tools/scenario_images.c common/zone_config.h common/zone_config.c $(ARCH)/platform.h \
		$(SCENARIO_LINUX) Makefile
	@test -n "$(SCENARIO_SRC)" || { echo "no scenario '$(SCENARIO)': see common/scenarios/"; exit 1; }
	@mkdir -p $(@D)
	@gcc -std=gnu11 -O1 -Wall -Wextra -Werror -Icommon -I$(ARCH) -include tools/scenario_images.h \
		$(GEN_DTS_SRCS) tools/scenario_images.c $(SCENARIO_SRC) common/zone_config.c \
		-o $(@D)/gen_dts
	@$(@D)/gen_dts $(SCENARIO_SRC) $(@D) $(IMAGE_SEARCH) >$@.list
	@for dts in $$(cat $@.list); do \
		echo "  DTC     $$dts"; dtc -q -I dts -O dtb -o $${dts%.dts}.dtb $$dts || exit 1; \
	done
	@touch $@

# Linux and its initramfs, built once into the user's cache (tools/linux.sh, guests/linux/).
# The script runs every time (FORCE) because only it knows when its cache is stale; it
# rewrites the images only when they change, so what includes them is rebuilt only then.
linux:
	@tools/deps.sh linux
	@$(MAKE) --no-print-directory $(firstword $(LINUX_IMAGES)) # makes both
$(LINUX_IMAGES) &: FORCE
	@tools/linux.sh $(ARCH) $(BUILD)/guests
FORCE:

# ---- running ----
# The hypervisor is QEMU's -kernel; the raw guest images go where qemu-loaders says.
QEMU_CMD = $(QEMU) $(QEMU_MACHINE) -nographic -kernel $(HYP_ELF) \
	$(shell cat $(BUILD)/$(SCENARIO)/qemu-loaders 2>/dev/null)
run: build
	$(QEMU_CMD)
print-qemu: build
	@echo $(QEMU_CMD)
# gdb: QEMU's stub listens on localhost:$(GDBPORT) (another port per student on a shared
# server: make debug-aarch64 GDBPORT=4321, and the same GDBPORT for make gdb-aarch64).
GDBPORT ?= 1234
debug: build
	@echo "QEMU waits for gdb on localhost:$(GDBPORT): run 'make gdb-$(ARCH_SHORT) GDBPORT=$(GDBPORT)' in another terminal"
	$(QEMU_CMD) -gdb tcp:localhost:$(GDBPORT) -S
# tools/gdb/minivisor.py adds the mv-* commands (LAB.md, "gdb commands"); mv-guest-symbols
# loads the symbols of the scenario's own guest ELFs, as its zone_configs[] name them.
gdb: $(HYP_ELF)
	gdb-multiarch -q $(HYP_ELF) -ex 'set confirm off' -ex 'source tools/gdb/minivisor.py' \
		-ex 'target remote localhost:$(GDBPORT)' -ex 'mv-guest-symbols $(BUILD)/guests'

# Deterministic benchmark: under -icount shift=0 virtual time counts instructions, so every run
# gives the same counts (docs/platform.md). The run is killed after BENCH_TIMEOUT seconds; when
# it fails, everything it printed is shown (the hypervisor's own messages say why).
ICOUNT := -icount shift=0,align=off,sleep=off
BENCH_TIMEOUT ?= 120
BENCH_LOG = $(BUILD)/bench/bench.log
bench:
	@$(MAKE) --no-print-directory SCENARIO=bench build
	@timeout -s KILL $(BENCH_TIMEOUT) $(QEMU) $(QEMU_MACHINE) $(ICOUNT) -nographic \
		-kernel $(BUILD)/bench/minivisor.elf $(shell cat $(BUILD)/bench/qemu-loaders 2>/dev/null) \
		</dev/null >$(BENCH_LOG) 2>&1; \
	rc=$$?; sed -i 's/\r$$//' $(BENCH_LOG); \
	if [ $$rc -eq 0 ] && grep -q '^bench: .*instructions$$' $(BENCH_LOG); then \
		grep '^bench:' $(BENCH_LOG); \
	else \
		if [ $$rc -eq 137 ]; then why="killed after $(BENCH_TIMEOUT) s"; else why="status $$rc"; fi; \
		echo "bench: the run failed ($$why); it printed:"; sed 's/^/  | /' $(BENCH_LOG); exit 1; \
	fi

run-aarch64 debug-aarch64 gdb-aarch64 bench-aarch64: deps
	@$(MAKE) --no-print-directory ARCH=aarch64 SCENARIO=$(SCENARIO) $(subst -aarch64,,$@)
run-riscv debug-riscv gdb-riscv bench-riscv: deps
	@$(MAKE) --no-print-directory ARCH=riscv64 SCENARIO=$(SCENARIO) $(subst -riscv,,$@)

deps:
	@tools/deps.sh $(if $(SCENARIO_LINUX),linux)

# ---- tests: host unit tests (cmocka) and QEMU boots, all under pytest ----
# Debian's python3 has python3-pytest; a python3 earlier on PATH (pyenv, venv) may not.
PYTHON ?= /usr/bin/python3
# tests/test_linux.py boots Linux: its packages too.
test:
	@tools/deps.sh linux
	$(PYTHON) -m pytest -q tests/

# Isolation under attack (tests/test_hostile.py: SCENARIO=hostile on both arches, also part
# of make test). It ends with one line per arch: hostile <arch>: N attacks, E escapes, P
# panics; build/hostile/<arch>.txt says how each attack went. HOSTILE_SEEDS=1,2,... for
# more fuzz seeds; $(PYTHON) tests/hostile.py --help for one attack or seed by hand.
test-hostile: deps
	$(PYTHON) -m pytest -q tests/test_hostile.py

# ---- fuzzing the pure parsers on the host: libFuzzer (clang), ASan and UBSan ----
# make fuzz: each target for FUZZ_SECONDS from its small corpus in fuzz/corpus/<target>/ (what
# it finds new goes to build/fuzz/corpus/<target>/); a crash is saved as
# fuzz/crashes/<target>-<hash> (replay: build/fuzz/<target> <file>). tests/test_fuzz.py
# replays the corpus and fuzzes a few seconds from a fixed seed in make test.
FUZZ_TARGETS := loader zone_config aarch64_decode riscv64_decode vgic_regs vplic_regs
FUZZ_SRCS_loader := common/loader.c common/zone_config.c
FUZZ_SRCS_zone_config := common/zone_config.c
FUZZ_SRCS_aarch64_decode := aarch64/mmio_decode.c
FUZZ_SRCS_riscv64_decode := riscv64/mmio_decode.c
FUZZ_SRCS_vgic_regs := aarch64/vgic_regs.c
FUZZ_SRCS_vplic_regs := riscv64/vplic_regs.c
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Wall -Wextra -Werror -Icommon -Ifuzz
build/fuzz/%: fuzz/%.c fuzz/input.h $$(FUZZ_SRCS_$$*) Makefile
	@mkdir -p $(@D)
	@echo "  FUZZ    $@"
	@clang-14 $(FUZZ_CFLAGS) $(addprefix -I,$(sort $(dir $(FUZZ_SRCS_$*)))) $< $(FUZZ_SRCS_$*) -o $@
fuzz-build: $(addprefix build/fuzz/,$(FUZZ_TARGETS))
fuzz: deps
	@$(MAKE) --no-print-directory -s fuzz-build
	@mkdir -p fuzz/crashes; failed=; \
	for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus/$$t; \
		build/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=fuzz/crashes/$$t- \
			build/fuzz/corpus/$$t fuzz/corpus/$$t >build/fuzz/$$t.log 2>&1 \
			|| failed="$$failed $$t"; \
		echo "fuzz $$t: $$(grep -E '^Done [0-9]+ runs' build/fuzz/$$t.log || echo 'FAILED (see build/fuzz/'$$t'.log)')"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashes in$$failed: fuzz/crashes/"; exit 1; fi

# The house style (.clang-format), checked by tests/test_format.py.
format: deps
	git ls-files '*.c' '*.h' | xargs clang-format-14 -i

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
