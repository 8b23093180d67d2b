/*
 * A subject with an exact argument vector and environment, for Get-ProcessArgs tests.
 *
 *   args_subject --exec N ENV1 .. ENVN -- ARG0 ARG1 ..
 *
 * re-executes this program with argv = ARG0 ARG1 .. and envp = ENV1 .. ENVN exactly (duplicates, entries
 * without '=', anything), which ProcessStartInfo and env(1) cannot express. Run any other way, it prints
 * "ready" and waits until killed, with the argv and environment it was given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "--exec") == 0) {
        int n = atoi(argv[2]);
        if (argc < 3 + n + 2 || strcmp(argv[3 + n], "--") != 0) {
            fprintf(stderr, "usage: args_subject --exec N ENV.. -- ARG0 ARG..\n");
            return 2;
        }
        char **envp = calloc(n + 1, sizeof(char *));
        for (int i = 0; i < n; i++)
            envp[i] = argv[3 + i];
        /* The real path, so the new image's comm is this program's name, not "exe". */
        char self[4096];
        ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
        if (len < 0) {
            perror("readlink");
            return 1;
        }
        self[len] = '\0';
        execve(self, argv + 3 + n + 1, envp);
        perror("execve");
        return 1;
    }

    printf("ready\n");
    fflush(stdout);
    for (;;)
        pause();
}
