/* Compiled (never run) by layouts.sh: each offset and size becomes the size of an array symbol. */
#include <stddef.h>
#include <sys/procfs.h>
#define S(name, value) char name[(value) + 1];
#define O(t, f) S(t##__##f, offsetof(struct t, f)) S(t##__##f##__size, sizeof(((struct t *)0)->f))
O(elf_prstatus, pr_info) O(elf_prstatus, pr_cursig) O(elf_prstatus, pr_sigpend) O(elf_prstatus, pr_sighold)
O(elf_prstatus, pr_pid) O(elf_prstatus, pr_ppid) O(elf_prstatus, pr_pgrp) O(elf_prstatus, pr_sid)
O(elf_prstatus, pr_utime) O(elf_prstatus, pr_stime) O(elf_prstatus, pr_cutime) O(elf_prstatus, pr_cstime)
O(elf_prstatus, pr_reg) O(elf_prstatus, pr_fpvalid)
S(elf_prstatus__total, sizeof(struct elf_prstatus))
O(elf_prpsinfo, pr_state) O(elf_prpsinfo, pr_sname) O(elf_prpsinfo, pr_zomb) O(elf_prpsinfo, pr_nice)
O(elf_prpsinfo, pr_flag) O(elf_prpsinfo, pr_uid) O(elf_prpsinfo, pr_gid) O(elf_prpsinfo, pr_pid)
O(elf_prpsinfo, pr_ppid) O(elf_prpsinfo, pr_pgrp) O(elf_prpsinfo, pr_sid) O(elf_prpsinfo, pr_fname) O(elf_prpsinfo, pr_psargs)
S(elf_prpsinfo__total, sizeof(struct elf_prpsinfo))
