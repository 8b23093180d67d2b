/*
 * Test subject for Get-PhysicalRegion: a process whose pages are in known states.
 * Prints one line per area, "NAME 0xSTART 0xEND", then "ready", then waits to be killed:
 *   anon       64 private anonymous pages; pages 0-15 and 32-47 written, the rest never touched
 *   untouched  32 private anonymous pages, never touched
 *   file       16 pages of a file mapped MAP_SHARED; pages 0, 2, 4, ... read
 *   shared     16 pages of MAP_SHARED|MAP_ANONYMOUS memory, all written
 *   mlocked    16 private anonymous pages locked with mlock(2) (which populates them)
 *   thp        one 2 MiB-aligned 2 MiB range with MADV_HUGEPAGE, written; only where THP is enabled
 *   reserved   RESERVED_GIB reserved with MAP_NORESERVE and never touched; only when asked for
 * Each area is followed by an unmapped page so the kernel never merges neighbours into one mapping.
 *
 *   physical_pages FILE [RESERVED_GIB]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static long page;

/* Maps `pages` pages with an unmapped page after them. */
static char *area(long pages, int prot, int flags, int fd)
{
    char *p = mmap(NULL, (size_t)(pages + 1) * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("reserve"); exit(1); }
    if (mmap(p, (size_t)pages * page, prot, flags | MAP_FIXED, fd, 0) == MAP_FAILED) { perror("mmap"); exit(1); }
    munmap(p + pages * page, (size_t)page);
    return p;
}

static void show(const char *name, char *start, long pages)
{
    printf("%s 0x%lx 0x%lx\n", name, (unsigned long)start, (unsigned long)(start + pages * page));
}

int main(int argc, char **argv)
{
    page = sysconf(_SC_PAGESIZE);
    const char *path = argc > 1 ? argv[1] : "/tmp/procmap-physical-pages.bin";

    char *anon = area(64, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
    for (long i = 0; i < 64; i++) {
        if (i < 16 || (i >= 32 && i < 48)) anon[i * page] = 1;
    }
    show("anon", anon, 64);

    char *untouched = area(32, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
    show("untouched", untouched, 32);

    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { perror(path); return 1; }
    char *block = calloc(1, (size_t)page);
    for (long i = 0; i < 16; i++) {
        memset(block, (int)('a' + i), (size_t)page);
        if (write(fd, block, (size_t)page) != page) { perror("write"); return 1; }
    }
    fsync(fd);
    char *file = area(16, PROT_READ, MAP_SHARED, fd);
    volatile char sink = 0;
    for (long i = 0; i < 16; i += 2) sink += file[i * page];
    (void)sink;
    show("file", file, 16);

    char *shared = area(16, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1);
    for (long i = 0; i < 16; i++) shared[i * page] = 2;
    show("shared", shared, 16);

    char *locked = area(16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
    if (mlock(locked, (size_t)16 * page) != 0) { perror("mlock"); return 1; }
    show("mlocked", locked, 16);

    /* A 2 MiB-aligned 2 MiB range inside a 4 MiB reservation; MADV_HUGEPAGE asks for a THP even in "madvise" mode. */
    const long huge = 2L << 20;
    char *reserve = mmap(NULL, (size_t)(2 * huge), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (reserve == MAP_FAILED) { perror("thp reserve"); return 1; }
    char *thp = (char *)(((uintptr_t)reserve + huge - 1) & ~(uintptr_t)(huge - 1));
    if (thp > reserve) munmap(reserve, (size_t)(thp - reserve));
    munmap(thp + huge, (size_t)(reserve + 2 * huge - (thp + huge)));
    if (madvise(thp, (size_t)huge, MADV_HUGEPAGE) == 0) {
        for (long i = 0; i < huge; i += page) thp[i] = 3;
        show("thp", thp, huge / page);
    }

    long reserve_gib = argc > 2 ? atol(argv[2]) : 0;
    if (reserve_gib > 0) {
        char *reserved = area((reserve_gib << 30) / page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1);
        show("reserved", reserved, (reserve_gib << 30) / page);
    }

    printf("ready\n");
    fflush(stdout);
    for (;;) pause();
}
