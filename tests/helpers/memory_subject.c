/* A process with memory of every kind -IncludeMemory reports, in known amounts, and a VM map the test
 * changes one step at a time through standard input (Compare-VmMap).
 *
 *   memory_subject
 *
 * Sets up, every page written so it is resident, none a transparent huge page (MADV_NOHUGEPAGE):
 *   private  4 MiB private anonymous memory                      (Private_Dirty, Uss)
 *   shared   2 MiB MAP_SHARED anonymous memory, also mapped and read by a forked child, so each of the two
 *            processes is charged half of it in Pss (and Pss_Shmem)
 *   locked   1 MiB private anonymous memory, mlock(2)ed           (Locked)
 *   swap     2 MiB private anonymous memory, paged out on the command "pageout" (MADV_PAGEOUT, Linux 5.4+)
 *   gone     1 MiB private anonymous memory, unmapped on "unmap"
 *   guarded  1 MiB private anonymous memory, made read-only on "protect"
 * "map" maps and writes 1 MiB at a free place ("added"); "grow" moves the program break up 256 KiB and
 * writes it (the [heap] grows in place). gone, guarded and added sit in one reserved span with unmapped
 * gaps between them, so no change merges two mappings. Commands arrive one per line and are read with
 * read(2), not stdio, so reading them allocates nothing; each is answered "ok" (or "error ...").
 * Prints "NAME 0xSTART 0xEND" per area, "child 0xPID 0xPID" for the child, then "ready". */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB (1024L * 1024L)

static char *map_area(char *at, long size, int flags)
{
    /* At a given place without MAP_FIXED: MAP_FIXED_NOREPLACE, which fails rather than replace a mapping. */
    if (at && !(flags & MAP_FIXED))
        flags |= MAP_FIXED_NOREPLACE;
    char *area = mmap(at, (size_t)size, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    madvise(area, (size_t)size, MADV_NOHUGEPAGE);
    return area;
}

static void touch(char *area, long size, char value)
{
    long page = sysconf(_SC_PAGESIZE);
    for (long i = 0; i < size; i += page)
        area[i] = value;
}

static void show(const char *name, char *area, long size)
{
    printf("%s %p %p\n", name, (void *)area, (void *)(area + size));
}

static void answer(const char *text)
{
    ssize_t ignored = write(1, text, strlen(text));
    (void)ignored;
}

int main(void)
{
    char *shared_area = map_area(NULL, 2 * MIB, MAP_SHARED);
    touch(shared_area, 2 * MIB, 2);
    /* Blocked before the fork, so the child's "done" signal waits for sigwait below whenever it comes. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(0);
        volatile char sum = 0;
        long page = sysconf(_SC_PAGESIZE);
        for (long i = 0; i < 2 * MIB; i += page)
            sum += shared_area[i];
        (void)sum;
        kill(parent, SIGUSR1);
        for (;;)
            pause();
    }
    /* Wait until the child has read the shared pages. Everything below is mapped after the fork, so the
     * child shares none of it (copy-on-write sharing would halve its Pss and keep MADV_PAGEOUT off it). */
    int signal_number;
    sigwait(&set, &signal_number);

    /* private, locked and swap go into one PROT_NONE reservation with a reserved page range between each two,
     * so no two of them can merge into one mapping: [guard][private][guard][locked][guard][swap][guard]. */
    char *guards = mmap(NULL, (size_t)(11 * MIB), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (guards == MAP_FAILED) {
        perror("guards");
        return 1;
    }
    char *private_area = map_area(guards + 1 * MIB, 4 * MIB, MAP_PRIVATE | MAP_FIXED);
    touch(private_area, 4 * MIB, 1);
    char *locked_area = map_area(guards + 6 * MIB, 1 * MIB, MAP_PRIVATE | MAP_FIXED);
    touch(locked_area, 1 * MIB, 3);
    if (mlock(locked_area, (size_t)MIB) != 0) {
        perror("mlock");
        return 1;
    }
    char *swap_area = map_area(guards + 8 * MIB, 2 * MIB, MAP_PRIVATE | MAP_FIXED);
    touch(swap_area, 2 * MIB, 4);

    /* The span for the map-changing commands: reserved to find a free place, then given back, and used
     * with MAP_FIXED_NOREPLACE at 1 MiB pieces with 1 MiB gaps: [gap][added][gap][gone][gap][guarded][gap]. */
    char *span = mmap(NULL, (size_t)(7 * MIB), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (span == MAP_FAILED) {
        perror("span");
        return 1;
    }
    munmap(span, (size_t)(7 * MIB));
    char *added_at = span + 1 * MIB;
    char *gone_area = map_area(span + 3 * MIB, MIB, MAP_PRIVATE);
    touch(gone_area, MIB, 5);
    char *guarded_area = map_area(span + 5 * MIB, MIB, MAP_PRIVATE);
    touch(guarded_area, MIB, 6);
    free(malloc(1)); /* makes sure there is a [heap] to grow */

    show("private", private_area, 4 * MIB);
    show("shared", shared_area, 2 * MIB);
    show("locked", locked_area, MIB);
    show("swap", swap_area, 2 * MIB);
    show("gone", gone_area, MIB);
    show("guarded", guarded_area, MIB);
    show("added", added_at, MIB);
    printf("child %#lx %#lx\nready\n", (unsigned long)child, (unsigned long)child);
    fflush(stdout);

    char line[64];
    size_t have = 0;
    for (;;) {
        ssize_t n = read(0, line + have, sizeof line - 1 - have);
        if (n <= 0)
            break;
        have += (size_t)n;
        char *newline;
        while ((newline = memchr(line, '\n', have)) != NULL) {
            *newline = '\0';
            if (strcmp(line, "map") == 0) {
                touch(map_area(added_at, MIB, MAP_PRIVATE), MIB, 7);
                answer("ok\n");
            } else if (strcmp(line, "unmap") == 0) {
                answer(munmap(gone_area, (size_t)MIB) == 0 ? "ok\n" : "error munmap\n");
            } else if (strcmp(line, "grow") == 0) {
                char *old_break = sbrk(256 * 1024);
                if (old_break == (void *)-1) {
                    answer("error sbrk\n");
                } else {
                    touch(old_break, 256 * 1024, 8);
                    answer("ok\n");
                }
            } else if (strcmp(line, "protect") == 0) {
                answer(mprotect(guarded_area, (size_t)MIB, PROT_READ) == 0 ? "ok\n" : "error mprotect\n");
            } else if (strcmp(line, "pageout") == 0) {
                answer(madvise(swap_area, (size_t)(2 * MIB), MADV_PAGEOUT) == 0 ? "ok\n" : "error madvise\n");
            } else {
                answer("error unknown command\n");
            }
            size_t used = (size_t)(newline - line) + 1;
            memmove(line, line + used, have - used);
            have -= used;
        }
        if (have == sizeof line - 1)
            have = 0;
    }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return 0;
}
