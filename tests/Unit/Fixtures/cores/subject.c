/*
 * The process every committed core is a picture of (see README.md beside this file).
 *
 * Built static for each architecture and run under `env -i` with a known argv:
 *     ./subject "" "two words" last
 * it sets up, in this order:
 *   - a second thread named "procmap-worker" (prctl PR_SET_NAME, prctl(2)) on a 64 KiB stack;
 *   - a private read-only mapping of 64 KiB of the file named by $PROCMAP_MAP at file offset 64 KiB
 *     (a multiple of every page size a target here uses, up to 64 KiB);
 *   - a private anonymous read-write mapping of 192 KiB, every page written so it is dumped;
 * then calls procmap_ready() (where a debugger puts its breakpoint before gcore; it waits for one
 * byte on fd 3 when the caller left a pipe there, so a native gdb can attach) and dies of SIGSEGV
 * sent to the main thread (raise(3) is tgkill on the caller), which makes the kernel or qemu-user
 * write a core.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#define FILE_MAP_OFFSET (64 * 1024)
#define FILE_MAP_SIZE (64 * 1024)
#define ANON_MAP_SIZE (192 * 1024)
#define WORKER_STACK_SIZE (64 * 1024)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t named = PTHREAD_COND_INITIALIZER;
static int worker_named;

/* Kept as globals so a debugger (and the core) can find them by symbol. */
volatile unsigned char *procmap_file_map;
volatile unsigned char *procmap_anon_map;

static void *worker(void *unused)
{
    (void)unused;
    prctl(PR_SET_NAME, "procmap-worker", 0, 0, 0);
    pthread_mutex_lock(&lock);
    worker_named = 1;
    pthread_cond_signal(&named);
    pthread_mutex_unlock(&lock);
    for (;;) {
        pause();
    }
    return NULL;
}

__attribute__((noinline)) void procmap_ready(void)
{
    char byte;
    /* EBADF at once when fd 3 is not open: no wait unless the caller asked for one. */
    if (read(3, &byte, 1) < 0) {
        __asm__ volatile("" ::: "memory");
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const char *path = getenv("PROCMAP_MAP");
    if (path == NULL) {
        return 2;
    }

    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return 3;
    }

    void *file_map = mmap(NULL, FILE_MAP_SIZE, PROT_READ, MAP_PRIVATE, fd, FILE_MAP_OFFSET);
    if (file_map == MAP_FAILED) {
        return 4;
    }

    close(fd);
    procmap_file_map = file_map;

    void *anon_map = mmap(NULL, ANON_MAP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (anon_map == MAP_FAILED) {
        return 5;
    }

    memset(anon_map, 0xa5, ANON_MAP_SIZE);
    procmap_anon_map = anon_map;

    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, WORKER_STACK_SIZE);
    pthread_t thread;
    if (pthread_create(&thread, &attributes, worker, NULL) != 0) {
        return 6;
    }

    pthread_mutex_lock(&lock);
    while (!worker_named) {
        pthread_cond_wait(&named, &lock);
    }
    pthread_mutex_unlock(&lock);

    procmap_ready();
    raise(SIGSEGV);
    return 7;
}
