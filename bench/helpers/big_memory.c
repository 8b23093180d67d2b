/*
 * Benchmark subject for -CorePath: a process with MIB mebibytes of touched anonymous memory, so a core
 * of it is that large. Prints "ready" when set up, then sleeps until killed.
 *
 *   big_memory MIB
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
    size_t mib = argc > 1 ? (size_t)atol(argv[1]) : 1024;
    size_t size = mib << 20;
    char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    for (size_t i = 0; i < size; i += 4096) p[i] = (char)(i >> 12);
    printf("ready\n");
    fflush(stdout);
    for (;;) pause();
}
