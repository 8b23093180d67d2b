/* A subject whose kernel-side task state is known exactly, for the STAT letter L and the signal masks:
 * it locks 64 KiB into memory (mlock(2): status VmLck 64 kB), blocks SIGUSR1 and raises it (so it stays
 * pending: SigBlk and SigPnd bit 9), ignores SIGUSR2 (SigIgn bit 11) and catches SIGHUP (SigCgt bit 0).
 * Prints "ready", then waits to be killed. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void on_hangup(int signal_number)
{
    (void)signal_number;
}

int main(void)
{
    static char locked[64 * 1024] __attribute__((aligned(4096)));
    memset(locked, 1, sizeof locked);
    if (mlock(locked, sizeof locked) != 0) {
        perror("mlock");
        return 1;
    }

    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGUSR1);
    sigprocmask(SIG_BLOCK, &blocked, NULL);
    raise(SIGUSR1);
    signal(SIGUSR2, SIG_IGN);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_hangup;
    sigaction(SIGHUP, &action, NULL);

    printf("ready\n");
    fflush(stdout);
    for (;;)
        pause();
}
