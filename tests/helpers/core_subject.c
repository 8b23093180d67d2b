/* A subject for the -CorePath tests: a process with known mappings, arguments, environment and
 * threads, to be dumped with gcore (or by the kernel on SIGABRT) while a test compares the core with
 * what /proc says live.
 *
 * usage: core_subject DIR [--retitle TITLE] [ARG...]
 *   maps DIR/"spaced name.bin" (private, read-only), DIR/deleted.bin (shared, then unlinked),
 *   a memfd named "procmap-core" (shared, read-write), a 64 KiB PROT_NONE reservation, and starts a
 *   second thread; sets nice 5 and RLIMIT_CORE unlimited, then chdir(DIR) so a kernel core lands there.
 *   With --retitle it overwrites its whole argument area with TITLE padded with spaces (setproctitle
 *   as nginx and Chrome do it). Prints "ready" and waits to be killed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

static void die(const char *what) { perror(what); exit(1); }

static void *map_file(const char *path, size_t size, int prot, int flags)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) die(path);
    if (ftruncate(fd, (off_t)size) != 0) die("ftruncate");
    void *p = mmap(NULL, size, prot, flags, fd, 0);
    if (p == MAP_FAILED) die("mmap");
    close(fd);
    return p;
}

static void *idle_thread(void *arg) { (void)arg; for (;;) pause(); return NULL; }

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: core_subject DIR [--retitle TITLE] [ARG...]\n"); return 2; }
    const char *dir = argv[1];
    char path[4096];

    snprintf(path, sizeof path, "%s/spaced name.bin", dir);
    volatile char *spaced = map_file(path, 16384, PROT_READ, MAP_PRIVATE);
    (void)spaced[0];

    snprintf(path, sizeof path, "%s/deleted.bin", dir);
    char *deleted = map_file(path, 8192, PROT_READ | PROT_WRITE, MAP_SHARED);
    deleted[0] = 'd';
    if (unlink(path) != 0) die("unlink");

    int memfd = memfd_create("procmap-core", 0);
    if (memfd < 0) die("memfd_create");
    if (ftruncate(memfd, 8192) != 0) die("ftruncate memfd");
    char *shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
    if (shared == MAP_FAILED) die("mmap memfd");
    strcpy(shared, "memfd contents");

    if (mmap(NULL, 65536, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED) die("mmap none");

    pthread_t thread;
    if (pthread_create(&thread, NULL, idle_thread, NULL) != 0) die("pthread_create");

    if (setpriority(PRIO_PROCESS, 0, 5) != 0) die("setpriority");
    struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
    if (setrlimit(RLIMIT_CORE, &unlimited) != 0) die("setrlimit");
    if (chdir(dir) != 0) die("chdir");

    if (argc > 3 && strcmp(argv[2], "--retitle") == 0) {
        /* The argument area runs from argv[0] to the NUL that ends the last argument. */
        char *start = argv[0];
        char *end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
        size_t title = strlen(argv[3]);
        memmove(start, argv[3], title);
        memset(start + title, ' ', (size_t)(end - start) - title);
    }

    printf("ready\n");
    fflush(stdout);
    for (;;) pause();
}
