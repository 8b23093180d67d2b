#!/bin/bash
# Regenerates every Linux core fixture beside this script from scratch: builds subject.c static for
# each architecture, runs it with a known argv and environment, lets it die of SIGSEGV, keeps the core
# gzip -9 compressed, and records what eu-readelf and gdb-multiarch say about it. See README.md.
#
# Installs nothing. Needs (Debian 12 package names):
#   qemu-user gdb-multiarch gdb elfutils util-linux (setpriv) gzip gcc
#   gcc-i686-linux-gnu gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-powerpc64le-linux-gnu
#   gcc-powerpc64-linux-gnu gcc-powerpc-linux-gnu gcc-s390x-linux-gnu gcc-mips-linux-gnu
#   gcc-mipsel-linux-gnu gcc-mips64-linux-gnuabi64 gcc-mips64el-linux-gnuabi64
#   gcc-multilib-mips64-linux-gnuabi64 gcc-multilib-mips64el-linux-gnuabi64 (n32 libc)
#   gcc-m68k-linux-gnu
# and, for the kernel-written cores, an x86-64 Linux kernel that runs i386 binaries, with
# /proc/sys/kernel/core_pattern "core" (a relative name without %p: the core lands in the cwd).
# Run as root (setpriv drops to uid 1000 / gid 1001 for the subject, gdb attaches with ptrace).
#
# Usage: make-cores.sh [name ...]   (default: every target below)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# A fixed place: its paths are recorded inside the cores (AT_EXECFN, NT_FILE, pr_psargs).
work=/tmp/procmap-cores
uid=1000
gid=1001

# architecture | compiler and flags | how it runs: qemu-<target> (qemu-user writes the core into
# <architecture>/qemu/) or native (the kernel writes <architecture>/kernel/ and gdb's gcore
# <architecture>/gcore/ from the same process, paused before it dies)
targets=(
  "x86_64|gcc|native"
  "i386|i686-linux-gnu-gcc|native"
  "x86_64|gcc|qemu-x86_64"
  "i386|i686-linux-gnu-gcc|qemu-i386"
  "aarch64|aarch64-linux-gnu-gcc|qemu-aarch64"
  "arm|arm-linux-gnueabihf-gcc|qemu-arm"
  "ppc64le|powerpc64le-linux-gnu-gcc|qemu-ppc64le"
  "ppc64|powerpc64-linux-gnu-gcc|qemu-ppc64"
  "ppc|powerpc-linux-gnu-gcc|qemu-ppc"
  "s390x|s390x-linux-gnu-gcc|qemu-s390x"
  "mips|mips-linux-gnu-gcc|qemu-mips"
  "mipsel|mipsel-linux-gnu-gcc|qemu-mipsel"
  "mipsn32|mips64-linux-gnuabi64-gcc -mabi=n32|qemu-mipsn32"
  "mipsn32el|mips64el-linux-gnuabi64-gcc -mabi=n32|qemu-mipsn32el"
  "mips64|mips64-linux-gnuabi64-gcc|qemu-mips64"
  "mips64el|mips64el-linux-gnuabi64-gcc|qemu-mips64el"
  "m68k|m68k-linux-gnu-gcc|qemu-m68k"
)
# Not here, and why (README.md says more): riscv64, sparc64, alpha, hppa: qemu-user 7.2 has no core
# writer for them (no USE_ELF_CORE_DUMP in linux-user/elfload.c) and gdb's gcore through qemu's gdb
# stub writes the x86-64 host's prstatus layout with no NT_PRPSINFO or NT_FILE; sh4: qemu-sh4 7.2
# hangs in the threaded subject; x32: this kernel runs no x32 binaries and qemu has no x32 target;
# loongarch64, riscv32: Debian 12 has no cross compiler; s390 (31-bit): no qemu target.

want=("$@")
selected() {
  [ ${#want[@]} -eq 0 ] && return 0
  local w
  for w in "${want[@]}"; do [ "$w" = "$1" ] && return 0; done
  return 1
}

rm -rf "$work"
mkdir -p "$work"
chmod 755 "$work"
# 128 KiB of a known byte; the subject maps its second 64 KiB.
head -c 131072 /dev/zero | tr '\0' 'M' > "$work/mapped.dat"
chmod 644 "$work/mapped.dat"

# The subject's whole environment (env -i) and argv; argv[0] is how it is started, from its directory.
subject_env=(PROCMAP_MAP="$work/mapped.dat" EMPTY= SPACED="two words" LC_ALL=C)
subject_args=(./subject "" "two words" last)

record() { # dir core: the independent tools' view, beside the compressed core
  local dir=$1 core=$2
  eu-readelf --notes "$core" > "$dir/eu-readelf-notes.txt" 2>&1 || true
  eu-readelf -h -l "$core" > "$dir/eu-readelf-l.txt" 2>&1 || true
  gdb-multiarch -nx -batch -ex 'info proc mappings' -ex 'info threads' -ex 'info auxv' -c "$core" \
    > "$dir/gdb.txt" 2>&1 || true
  gzip -9 -n -c "$core" > "$dir/core.gz"
}

facts() { # dir pid writer: what the subject was, to compare the tools' output with
  local dir=$1 pid=$2 writer=$3
  {
    echo "writer: $writer"
    echo "pid: $pid"
    echo "ppid: $BASHPID"
    echo "pgrp: $(ps -o pgid= -p $BASHPID | tr -d ' ')"
    echo "sid: $(ps -o sid= -p $BASHPID | tr -d ' ')"
    echo "uid: $uid"
    echo "gid: $gid"
    echo "nice: 5"
    printf 'argv:'; printf ' [%s]' "${subject_args[@]}"; echo
    printf 'env:'; printf ' [%s]' "${subject_env[@]}"; echo
    echo "comm: subject"
    echo "threads: 2 (main \"subject\", worker \"procmap-worker\": Linux cores record no thread names)"
    echo "file mapping: $work/mapped.dat offset 0x10000 size 0x10000 r--p"
    echo "anonymous mapping: size 0x30000 rw-p, every byte 0xa5"
    echo "signal: 11 (SIGSEGV, raise(3) on the main thread)"
  } > "$dir/subject.txt"
}

run_qemu() { # run qemu dir
  local run=$1 qemu=$2 dir=$3
  (
    cd "$run"
    ulimit -c unlimited
    # -s: a 256 KiB guest stack instead of 8 MiB of zeros in the core.
    env -i "${subject_env[@]}" setpriv --reuid=$uid --regid=$gid --clear-groups \
      nice -n 5 "$qemu" -s 262144 "${subject_args[@]}" 3<&- &
    pid=$!
    wait $pid || true
    rm -f core # qemu's own core, when the kernel writes one after qemu re-raises the signal
    mkdir -p "$dir/qemu"
    facts "$dir/qemu" $pid "qemu-user $(dpkg-query -W -f='${Version}' qemu-user) linux-user/elfload.c elf_core_dump"
    record "$dir/qemu" "$(ls qemu_subject_*_$pid.core)"
  )
}

run_native() { # run dir: the kernel's core of one run, and gdb's gcore of another paused before it dies
  local run=$1 dir=$2
  (
    cd "$run"
    ulimit -c unlimited
    # A process gdb never attached, for the kernel: gdb's breakpoints would copy text pages on write,
    # and the kernel dumps every VMA that has private copies.
    env -i "${subject_env[@]}" setpriv --reuid=$uid --regid=$gid --clear-groups \
      nice -n 5 "${subject_args[@]}" 3<&- &
    pid=$!
    wait $pid || true
    mkdir -p "$dir/kernel"
    facts "$dir/kernel" $pid "Linux $(uname -r) fs/binfmt_elf.c elf_core_dump"
    record "$dir/kernel" core
    rm -f core
    mkfifo go
    # The subject waits in procmap_ready for a byte on fd 3 (the FIFO), so gdb can attach first.
    env -i "${subject_env[@]}" setpriv --reuid=$uid --regid=$gid --clear-groups \
      nice -n 5 "${subject_args[@]}" 3<go &
    pid=$!
    exec 4>go
    for _ in $(seq 100); do
      [ "$(cat /proc/$pid/task/*/comm 2>/dev/null | grep -c procmap-worker)" = 1 ] && break
      sleep 0.1
    done
    gdb -nx -batch -p $pid -ex "gcore $run/gcore.core" > "$run/gcore.log" 2>&1
    kill -KILL $pid
    exec 4>&-
    wait $pid || true
    mkdir -p "$dir/gcore"
    facts "$dir/gcore" $pid "gdb $(dpkg-query -W -f='${Version}' gdb) gcore (linux-tdep.c linux_make_corefile_notes)"
    record "$dir/gcore" gcore.core
  )
}

for target in "${targets[@]}"; do
  IFS='|' read -r name cc how <<< "$target"
  selected "$name" || continue
  echo "== $name $how" >&2
  writer=${how%%-*}
  [ "$writer" = native ] && writer=kernel
  run="$work/$name-$writer"
  dir="$here/$name"
  mkdir -p "$run"
  chmod 777 "$run"
  # shellcheck disable=SC2086 # $cc is a compiler and its flags
  # -z noseparate-code: one R+X segment from file offset 0, so the text mapping starts with the ELF
  # header and neither the kernel (coredump_filter bit 4: that page only) nor qemu (vma_dump_size
  # skips executable mappings that start with ELF magic) dumps the code: small cores.
  $cc -static -Os -g0 -pthread -Wl,-z,noseparate-code -o "$run/subject" "$here/subject.c"
  if [ "$how" = native ]; then
    rm -rf "$dir/kernel" "$dir/gcore"
    run_native "$run" "$dir"
  else
    rm -rf "$dir/qemu"
    run_qemu "$run" "$how" "$dir"
  fi
done

du -sh "$here" >&2
