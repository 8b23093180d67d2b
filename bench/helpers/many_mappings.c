/*
 * Benchmark subject: a process with a given number of mappings (default 60,000), a third each of
 * file-backed read-only pages (with a path, as libraries have), private anonymous read-write pages
 * and PROT_NONE guard pages. The guards keep neighbours from merging into one VMA.
 * Prints "ready" when set up, then sleeps until killed.
 *
 *   many_mappings COUNT FILE
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
    long count = argc > 1 ? atol(argv[1]) : 60000;
    const char *path = argc > 2 ? argv[2] : "/proc/self/exe";
    long page = sysconf(_SC_PAGESIZE);
    long triples = count / 3;
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror(path); return 1; }

    char *base = mmap(NULL, (size_t)(triples * 3 * page), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) { perror("reserve"); return 1; }
    for (long i = 0; i < triples; i++) {
        char *file_page = base + (i * 3) * page;
        char *anon_page = file_page + page;
        if (mmap(file_page, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) { perror("file map"); return 1; }
        if (mprotect(anon_page, (size_t)page, PROT_READ | PROT_WRITE) != 0) { perror("mprotect"); return 1; }
        anon_page[0] = 1;
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) pause();
}
