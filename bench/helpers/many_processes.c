/* Starts N sleeping child processes for the Get-KvmProcess benchmark, prints "ready", and waits.
 * Each child asks for SIGKILL when this parent dies (PR_SET_PDEATHSIG), so killing the parent ends
 * every child even if the bench is interrupted. */
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
        pid_t child = fork();
        if (child < 0) {
            perror("fork");
            return 1;
        }
        if (child == 0) {
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
