/* Process churn for the Stress tests: starts RATE short-lived processes per second until its standard
 * input reaches end of file (the test closes it), at most SECONDS seconds, then prints "churned N" and exits.
 *
 *   churn RATE SECONDS
 *
 * Children vary so a reader meets every way a process can vanish under it: some _exit at once, some live
 * a few milliseconds (long enough to be listed, not always long enough to be read), some exec /bin/true
 * (their maps and cmdline change between two reads) and some start a thread first (a task directory that
 * empties); every one stays a zombie for up to 10 ms, since children are reaped in batches.
 *
 * Bounded so it cannot run away: at most MAX_ALIVE children exist at any time (the fork waits for reaps),
 * SECONDS is a hard limit, the churn process dies with its parent and each child with the churn process
 * (PR_SET_PDEATHSIG), so a killed test run leaves nothing behind. Prints "ready" once running. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ALIVE 64

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *idle(void *arg)
{
    (void)arg;
    pause();
    return NULL;
}

static void child(long n, pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(0);
    switch (n % 5) {
    case 0:
        _exit(0);
    case 1: {
        struct timespec pause_for = { 0, (long)(1 + n % 50) * 1000000L };
        nanosleep(&pause_for, NULL);
        _exit(0);
    }
    case 2:
        execl("/bin/true", "true", "churn-child", (char *)NULL);
        _exit(127);
    case 3: {
        pthread_t thread;
        pthread_create(&thread, NULL, idle, NULL);
        struct timespec pause_for = { 0, 2000000L };
        nanosleep(&pause_for, NULL);
        _exit(0);
    }
    default:
        _exit(0);
    }
}

static int reap(int block)
{
    int reaped = 0;
    while (waitpid(-1, NULL, block ? 0 : WNOHANG) > 0) {
        reaped++;
        block = 0;
    }
    return reaped;
}

int main(int argc, char **argv)
{
    long rate = argc > 1 ? atol(argv[1]) : 500;
    double seconds = argc > 2 ? atof(argv[2]) : 60;
    if (rate < 1 || rate > 10000 || seconds <= 0 || seconds > 3600) {
        fprintf(stderr, "usage: churn RATE(1-10000) SECONDS(0-3600]\n");
        return 2;
    }

    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGPIPE, SIG_IGN);
    pid_t self = getpid();
    printf("ready\n");
    fflush(stdout);

    double start = now(), deadline = start + seconds;
    long forked = 0, failed = 0;
    int alive = 0;
    for (long tick_count = 0;; tick_count++) {
        double t = now();
        if (t >= deadline)
            break;
        struct pollfd in = { 0, POLLIN, 0 };
        if (poll(&in, 1, 0) > 0) {
            char byte;
            if (read(0, &byte, 1) <= 0)
                break; /* end of input: the test is done */
        }

        /* Fork as many as the schedule owes, in one burst per millisecond tick. */
        long due = (long)((t - start) * (double)rate) + 1;
        while (forked < due) {
            if (alive >= MAX_ALIVE)
                alive -= reap(1);
            pid_t pid = fork();
            if (pid == 0)
                child(forked, self);
            if (pid < 0) {
                failed++;
                break;
            }
            forked++;
            alive++;
        }
        /* Reap every tenth tick, so exited children stay zombies for a while, as they do under a busy parent. */
        if (tick_count % 10 == 0)
            alive -= reap(0);
        struct timespec tick = { 0, 1000000L };
        nanosleep(&tick, NULL);
    }

    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
        ;
    printf("churned %ld failed %ld seconds %.2f\n", forked, failed, now() - start);
    fflush(stdout);
    return 0;
}
