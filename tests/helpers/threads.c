/* A subject with an exact number of threads, each with its own name, for Get-KvmProcess -IncludeThreads.
 * Usage: threads N   -> N threads in all (the main thread plus N-1), named worker-1 .. worker-(N-1).
 * Prints "ready" once every thread runs and has its name, then waits to be killed. When the kernel
 * refuses a thread for want of resources (EAGAIN: threads-max, pid_max or RLIMIT_NPROC reached, by this
 * or any other work on the machine), prints "no-threads: REASON" and exits 2, so a test can tell a machine
 * without room from a broken helper. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_barrier_t started;

static void *worker(void *arg)
{
    char name[16];
    snprintf(name, sizeof name, "worker-%ld", (long)arg);
    pthread_setname_np(pthread_self(), name);
    pthread_barrier_wait(&started);
    for (;;)
        pause();
    return NULL;
}

int main(int argc, char **argv)
{
    long total = argc > 1 ? atol(argv[1]) : 2;
    if (total < 1)
        return 2;
    pthread_barrier_init(&started, NULL, (unsigned)total);
    for (long i = 1; i < total; i++) {
        pthread_t thread;
        int error = pthread_create(&thread, NULL, worker, (void *)i);
        if (error == EAGAIN) {
            printf("no-threads: thread %ld of %ld: %s\n", i + 1, total, strerror(error));
            fflush(stdout);
            _exit(2);
        }
        if (error != 0) {
            fprintf(stderr, "pthread_create: %s\n", strerror(error));
            return 1;
        }
    }
    pthread_barrier_wait(&started);
    printf("ready\n");
    fflush(stdout);
    for (;;)
        pause();
}
