/* A process on a pseudo-terminal, with no dependence on script(1) or $SHELL: opens a new pty, forks a
 * child that starts a new session, takes the pty's slave side as its controlling terminal and stdio, and
 * execs "sleep 600". Once the exec has happened, prints "CHILD_PID pts/N", then "ready", and holds the
 * master side open until its own standard input closes; then it kills the child and exits.
 *
 * When the kernel gives no pty (no devpts instance behind /dev/ptmx, as in some containers), prints
 * "no-pty: REASON" and exits 2, so a test can tell a machine without ptys from a broken helper. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
        printf("no-pty: %s\n", strerror(errno));
        return 2;
    }
    char slave_name[64];
    if (ptsname_r(master, slave_name, sizeof slave_name) != 0) {
        printf("no-pty: ptsname: %s\n", strerror(errno));
        return 2;
    }

    /* Closed on exec: the parent reads EOF once sleep runs, or the errno the child wrote if it could not. */
    int exec_pipe[2];
    if (pipe2(exec_pipe, O_CLOEXEC) != 0) {
        perror("pipe2");
        return 1;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0) {
        close(exec_pipe[0]);
        int slave = -1;
        if (setsid() >= 0 && (slave = open(slave_name, O_RDWR)) >= 0 && ioctl(slave, TIOCSCTTY, 0) == 0) {
            dup2(slave, 0);
            dup2(slave, 1);
            dup2(slave, 2);
            if (slave > 2)
                close(slave);
            execlp("sleep", "sleep", "600", (char *)NULL);
        }
        int error = errno;
        ssize_t ignored = write(exec_pipe[1], &error, sizeof error);
        (void)ignored;
        _exit(127);
    }
    close(exec_pipe[1]);
    int child_error = 0;
    if (read(exec_pipe[0], &child_error, sizeof child_error) > 0) {
        printf("child could not run sleep on %s: %s\n", slave_name, strerror(child_error));
        return 1;
    }

    printf("%d %s\nready\n", (int)child, slave_name + strlen("/dev/"));
    fflush(stdout);
    char buffer[256];
    while (read(0, buffer, sizeof buffer) > 0) {
    }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return 0;
}
