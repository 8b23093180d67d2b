// A process whose maps hold every kind of unlinked mapping that is not an upgrade: a memfd, a POSIX
// shared memory object (/dev/shm, unlinked after mmap), a SysV segment (removed after shmat) and a
// scratch file it made under /tmp and unlinked. Prints "ready", then waits until stdin closes.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

static void *map_fd(int fd)
{
    if (fd < 0 || ftruncate(fd, 4096) != 0) { perror("fd"); exit(1); }
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) { perror("mmap"); exit(1); }
    close(fd);
    return p;
}

int main(void)
{
    char name[64];
    map_fd(memfd_create("procmap-memfd", 0));

    snprintf(name, sizeof name, "/procmap-shm-%d", (int)getpid());
    map_fd(shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600));
    shm_unlink(name);

    int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    if (id < 0 || shmat(id, NULL, 0) == (void *)-1) { perror("shm"); return 1; }
    shmctl(id, IPC_RMID, NULL);

    snprintf(name, sizeof name, "/tmp/procmap-scratch-%d", (int)getpid());
    map_fd(open(name, O_RDWR | O_CREAT | O_EXCL, 0600));
    unlink(name);

    printf("ready\n");
    fflush(stdout);
    char c;
    while (read(0, &c, 1) > 0) { }
    return 0;
}
