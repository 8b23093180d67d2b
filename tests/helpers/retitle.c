/*
 * A process that rewrites its own argument area the ways setproctitle(3) implementations do, for
 * Get-ProcessArgs's Retitled tests. The area runs from argv[0] to the NUL of the last argument.
 *
 *   retitle spaces TITLE ..   title, then spaces to the area's end: no NUL left, so the kernel's
 *                             answer runs on into the environment area up to its first NUL
 *   retitle nul TITLE ..      title and its NUL, then 'x' to the area's end: the area's last byte is
 *                             not a NUL, so the kernel answers with the title alone
 *   retitle page TITLE ..     the title repeated over the whole area: with arguments of more than a
 *                             page there is no NUL within the page the kernel looks at
 *   retitle padded TITLE ..   title, then NULs to the area's end (nginx, PostgreSQL): the kernel sees
 *                             an ordinary argv of the title and empty strings
 *
 * Extra arguments only make the area longer. Prints "ready" once retitled, then waits until killed.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: retitle spaces|nul|page|padded TITLE [ARG..]\n");
        return 2;
    }
    char mode[16];
    char title[256];
    snprintf(mode, sizeof mode, "%s", argv[1]);
    snprintf(title, sizeof title, "%s", argv[2]);
    char *start = argv[0];
    char *end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
    size_t area = (size_t)(end - start);
    size_t len = strlen(title);
    if (len + 2 > area) {
        fprintf(stderr, "the title does not fit in the argument area\n");
        return 2;
    }

    if (strcmp(mode, "spaces") == 0) {
        memset(start, ' ', area);
        memcpy(start, title, len);
    } else if (strcmp(mode, "nul") == 0) {
        memset(start, 'x', area);
        memcpy(start, title, len + 1);
    } else if (strcmp(mode, "page") == 0) {
        for (size_t i = 0; i < area; i++)
            start[i] = title[i % len];
    } else if (strcmp(mode, "padded") == 0) {
        memset(start, 0, area);
        memcpy(start, title, len);
    } else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }

    printf("ready\n");
    fflush(stdout);
    for (;;)
        pause();
}
