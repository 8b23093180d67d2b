/* A subject with an exact number of threads, each with its own name, for Get-KvmProcess -IncludeThreads.
 * Usage: threads N   -> N threads in all (the main thread plus N-1), named worker-1 .. worker-(N-1).
 * Prints "ready" once every thread runs and has its name, then waits to be killed. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
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
        if (pthread_create(&thread, NULL, worker, (void *)i) != 0) {
            perror("pthread_create");
            return 1;
        }
    }
    pthread_barrier_wait(&started);
    printf("ready\n");
    fflush(stdout);
    for (;;)
        pause();
}
