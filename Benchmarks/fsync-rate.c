/* Raw durable-write rate of a disk: N appends of SIZE bytes, each followed by fsync.
 * The ceiling for any durable commit on that disk. Usage: fsync-rate FILE N SIZE */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s FILE N SIZE\n", argv[0]); return 2; }
    int n = atoi(argv[2]);
    size_t size = (size_t)atoi(argv[3]);
    char *buffer = calloc(1, size);
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || buffer == NULL) { perror("open"); return 1; }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < n; i++) {
        if (write(fd, buffer, size) != (ssize_t)size || fsync(fd) != 0) { perror("write/fsync"); return 1; }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%.0f\n", n / seconds);
    close(fd);
    unlink(argv[1]);
    free(buffer);
    return 0;
}
