/* A subject with an unreaped child: forks a child that exits at once and never waits for it, so the
 * child stays a zombie (state Z) for as long as this process lives. Prints the zombie's pid, then
 * "ready", and waits to be killed (the zombie is reaped by init then). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

int main(void)
{
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0)
        _exit(0);
    printf("%d\nready\n", (int)child);
    fflush(stdout);
    for (;;)
        pause();
}
