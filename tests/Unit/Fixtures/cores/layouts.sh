#!/bin/bash
# Prints where glibc's <sys/procfs.h> struct elf_prstatus and struct elf_prpsinfo keep each field, as
# every Debian 12 cross compiler lays them out (the tables of LAYOUTS.md). Compile only: each value is
# the size of a symbol in the object (an array of value + 1 bytes), read back with nm, so it works for
# targets nothing here can run. Needs the gcc cross compilers make-cores.sh lists, plus
# gcc-x86-64-linux-gnux32 gcc-riscv64-linux-gnu gcc-sparc64-linux-gnu gcc-multilib-s390x-linux-gnu
# gcc-sh4-linux-gnu gcc-alpha-linux-gnu gcc-hppa-linux-gnu; skips the ones not installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
targets=(
  "x86_64|gcc" "i386|i686-linux-gnu-gcc" "x32|x86_64-linux-gnux32-gcc" "aarch64|aarch64-linux-gnu-gcc"
  "arm|arm-linux-gnueabihf-gcc" "riscv64|riscv64-linux-gnu-gcc" "ppc64le|powerpc64le-linux-gnu-gcc"
  "ppc64|powerpc64-linux-gnu-gcc" "ppc|powerpc-linux-gnu-gcc" "s390x|s390x-linux-gnu-gcc"
  "s390|s390x-linux-gnu-gcc -m31" "mips|mips-linux-gnu-gcc" "mipsn32|mips64-linux-gnuabi64-gcc -mabi=n32"
  "mips64|mips64-linux-gnuabi64-gcc" "sparc64|sparc64-linux-gnu-gcc" "m68k|m68k-linux-gnu-gcc"
  "sh4|sh4-linux-gnu-gcc" "alpha|alpha-linux-gnu-gcc" "hppa|hppa-linux-gnu-gcc"
)
for target in "${targets[@]}"; do
  IFS='|' read -r name cc <<< "$target"
  command -v "${cc%% *}" > /dev/null || { echo "$name: ${cc%% *} not installed" >&2; continue; }
  # shellcheck disable=SC2086 # $cc is a compiler and its flags
  $cc -c -o "$tmp/$name.o" "$here/layout.c"
  nm -S -t d "$tmp/$name.o" | awk -v n="$name" 'NF == 4 { printf "%s %s %d\n", n, $4, $2 - 1 }'
done
