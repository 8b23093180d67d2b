/*
 * many_processes N: forks N children that wait, so a benchmark sees a machine with N more processes.
 * Each child dies with its parent (PR_SET_PDEATHSIG), so killing this one process ends them all.
 * Prints "ready" once every child exists.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int count = argc > 1 ? atoi(argv[1]) : 2000;
    pid_t parent = getpid();
    for (int i = 0; i < count; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent)
                _exit(0);
            for (;;)
                pause();
        }
    }
    printf("ready\n");
    fflush(stdout);
    for (;;)
        pause();
}
