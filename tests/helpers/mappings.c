/* A process with a given number of mappings, or as many as the kernel allows (vm.max_map_count).
 *
 *   mappings COUNT FILE     at most COUNT mappings in all (0: up to the kernel's limit)
 *
 * Reserves a PROT_NONE area and, from its bottom up, turns one page at a time into a mapping of its own:
 * even pages map page 0 of FILE read-only (a path in /proc/PID/maps, as libraries have), odd pages
 * become private read-write memory, which is written. Each step splits exactly one mapping off the rest
 * of the area, so the count grows by one until COUNT is reached or the kernel refuses the next split or
 * map with ENOMEM. That happens at vm.max_map_count mappings, or one more: mmap(2) checks
 * map_count > max_map_count before it adds a mapping, mprotect's split checks >=. (The x86-64 [vsyscall]
 * line of maps is no mapping of the process: it is not counted, by the kernel or here.)
 * Prints "mappings N" (the number of lines in /proc/self/maps) and "ready", then waits to be killed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Lines of /proc/self/maps; without [vsyscall] when mappings_only (it is no VMA: map_count leaves it out). */
static long count_maps(int mappings_only)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps)
        return -1;
    long lines = 0;
    char line[8192];
    while (fgets(line, sizeof line, maps))
        if (!mappings_only || !strstr(line, "[vsyscall]"))
            lines++;
    fclose(maps);
    return lines;
}

static long read_limit(void)
{
    long limit = 65530;
    FILE *file = fopen("/proc/sys/vm/max_map_count", "r");
    if (file) {
        if (fscanf(file, "%ld", &limit) != 1)
            limit = 65530;
        fclose(file);
    }
    return limit;
}

int main(int argc, char **argv)
{
    long wanted = argc > 1 ? atol(argv[1]) : 0;
    const char *path = argc > 2 ? argv[2] : "/proc/self/exe";
    long page = sysconf(_SC_PAGESIZE);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        perror(path);
        return 1;
    }

    /* One page more than can ever be split off, so the count or the limit ends the loop, not the area. */
    long pages = (wanted > 0 ? wanted : read_limit()) + 2;
    char *area = mmap(NULL, (size_t)pages * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (area == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    long have = count_maps(1);
    for (long i = 0; i < pages - 1 && (wanted <= 0 || have < wanted); i++, have++) {
        char *at = area + i * page;
        int failed;
        if (i % 2 == 0) {
            failed = mmap(at, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED;
        } else {
            failed = mprotect(at, (size_t)page, PROT_READ | PROT_WRITE) != 0;
            if (!failed)
                at[0] = 1;
        }
        if (failed) {
            if (errno != ENOMEM) {
                perror("map");
                return 1;
            }
            break;
        }
    }
    printf("mappings %ld\nready\n", count_maps(0));
    fflush(stdout);
    for (;;)
        pause();
}
