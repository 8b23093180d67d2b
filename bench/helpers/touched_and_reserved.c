/*
 * Benchmark subject for Get-PhysicalRegion: TOUCHED_MIB of private anonymous memory written page by page
 * (so every page is present), and RESERVED_GIB reserved with MAP_NORESERVE and never touched, as a
 * runtime's heap reservation or a sanitizer's shadow is. Prints "ready" once set up, then sleeps until
 * killed; the bench finds the two mappings by size with Get-VmMap. With "huge" the touched memory asks
 * for transparent huge pages (MADV_HUGEPAGE, which the "madvise" and "always" settings of
 * /sys/kernel/mm/transparent_hugepage/enabled grant); by default it refuses them (MADV_NOHUGEPAGE).
 *
 *   touched_and_reserved TOUCHED_MIB RESERVED_GIB [huge|nohuge]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    size_t touched = (size_t)(argc > 1 ? atol(argv[1]) : 1024) << 20;
    size_t reserved = (size_t)(argc > 2 ? atol(argv[2]) : 64) << 30;
    long page = sysconf(_SC_PAGESIZE);
    int huge = argc > 3 && strcmp(argv[3], "huge") == 0;

    char *t = mmap(NULL, touched, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (t == MAP_FAILED) { perror("touched"); return 1; }
    /* Plain 4 KiB pages are the worst case for run counts: no THP even where it is "always". */
    madvise(t, touched, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    for (size_t i = 0; i < touched; i += (size_t)page) t[i] = 1;

    char *r = mmap(NULL, reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED) { perror("reserved"); return 1; }

    printf("ready\n");
    fflush(stdout);
    for (;;) pause();
}
