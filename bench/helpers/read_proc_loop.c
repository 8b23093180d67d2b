/*
 * read_proc_loop RUNS [@PIDFILE] FILE...: the kernel's own cost of producing per-process files. Each pass
 * lists /proc (or takes the process ids in PIDFILE, one per line) and, for every process, opens, read(2)s
 * to the end with one 64 KiB buffer, and closes each FILE (such as stat status smaps_rollup): no parsing,
 * no objects. Prints the median wall time of RUNS passes, after one warm-up pass, in milliseconds, and the
 * number of processes of the last pass.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static char buffer[65536];
static long given[100000];
static long given_count = -1;

static void read_files(const char *pid, int files, char **names)
{
    char path[64];
    for (int i = 0; i < files; i++) {
        snprintf(path, sizeof path, "/proc/%s/%s", pid, names[i]);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        while (read(fd, buffer, sizeof buffer) > 0) {
        }
        close(fd);
    }
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static long pass(int files, char **names)
{
    if (given_count >= 0) {
        char pid[24];
        for (long i = 0; i < given_count; i++) {
            snprintf(pid, sizeof pid, "%ld", given[i]);
            read_files(pid, files, names);
        }
        return given_count;
    }
    DIR *proc = opendir("/proc");
    if (!proc) {
        perror("/proc");
        exit(1);
    }
    long processes = 0;
    struct dirent *entry;
    while ((entry = readdir(proc)) != NULL) {
        if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
            continue;
        processes++;
        read_files(entry->d_name, files, names);
    }
    closedir(proc);
    return processes;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    if (runs < 1 || runs > 100 || argc < 3 || (argv[2][0] == '@' && argc < 4)) {
        fprintf(stderr, "usage: read_proc_loop RUNS [@PIDFILE] FILE...\n");
        return 2;
    }
    double times[100];
    int first = 2;
    if (argv[2][0] == '@') {
        FILE *list = fopen(argv[2] + 1, "r");
        if (!list) {
            perror(argv[2] + 1);
            return 2;
        }
        given_count = 0;
        while (given_count < 100000 && fscanf(list, "%ld", &given[given_count]) == 1)
            given_count++;
        fclose(list);
        first = 3;
    }
    long processes = pass(argc - first, argv + first);
    for (int r = 0; r < runs; r++) {
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        processes = pass(argc - first, argv + first);
        clock_gettime(CLOCK_MONOTONIC, &end);
        times[r] = (end.tv_sec - start.tv_sec) * 1e3 + (end.tv_nsec - start.tv_nsec) / 1e6;
    }
    qsort(times, (size_t)runs, sizeof times[0], compare);
    printf("%.3f %ld\n", times[runs / 2], processes);
    return 0;
}
