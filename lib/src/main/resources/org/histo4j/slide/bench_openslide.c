/*
 * Tile-reading benchmark in plain C, the reference for histo4j's SlideBenchmark: reads `count` tiles of
 * `tile` x `tile` level-0 pixels with openslide_read_region on `threads` threads sharing one handle, after
 * one warm-up pass over every tile, and prints the rate in tiles per second. Tile i is grid cell
 * i mod (cols * rows), cells numbered row by row. OpenSlide is loaded with dlopen, so no headers are needed.
 *
 * usage: bench_openslide LIBRARY SLIDE TILE COUNT THREADS
 * build: gcc -O2 -o bench_openslide bench_openslide.c -ldl -lpthread
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct _openslide openslide_t;

static openslide_t *(*os_open)(const char *);
static void (*os_close)(openslide_t *);
static const char *(*os_get_error)(openslide_t *);
static void (*os_level_dimensions)(openslide_t *, int32_t, int64_t *, int64_t *);
static void (*os_read_region)(openslide_t *, uint32_t *, int64_t, int64_t, int32_t, int64_t, int64_t);

static openslide_t *osr;
static int64_t tile, cols, rows;
static long count;
static long next_index;

static void read_tile(uint32_t *buffer, long i) {
    long cell = i % (cols * rows);
    os_read_region(osr, buffer, (cell % cols) * tile, (cell / cols) * tile, 0, tile, tile);
}

static void *worker(void *unused) {
    (void) unused;
    uint32_t *buffer = malloc(tile * tile * sizeof(uint32_t));
    for (;;) {
        long i = __atomic_fetch_add(&next_index, 1, __ATOMIC_RELAXED);
        if (i >= count) {
            break;
        }
        read_tile(buffer, i);
    }
    free(buffer);
    return NULL;
}

static void *symbol(void *library, const char *name) {
    void *found = dlsym(library, name);
    if (!found) {
        fprintf(stderr, "missing symbol %s\n", name);
        exit(1);
    }
    return found;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s LIBRARY SLIDE TILE COUNT THREADS\n", argv[0]);
        return 2;
    }
    void *library = dlopen(argv[1], RTLD_NOW);
    if (!library) {
        fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
        return 1;
    }
    os_open = symbol(library, "openslide_open");
    os_close = symbol(library, "openslide_close");
    os_get_error = symbol(library, "openslide_get_error");
    os_level_dimensions = symbol(library, "openslide_get_level_dimensions");
    os_read_region = symbol(library, "openslide_read_region");
    tile = atol(argv[3]);
    count = atol(argv[4]);
    int threads = atoi(argv[5]);
    osr = os_open(argv[2]);
    if (!osr || os_get_error(osr)) {
        fprintf(stderr, "cannot open %s\n", argv[2]);
        return 1;
    }
    int64_t width, height;
    os_level_dimensions(osr, 0, &width, &height);
    cols = width / tile;
    rows = height / tile;
    if (cols < 1 || rows < 1 || threads < 1) {
        fprintf(stderr, "slide smaller than one tile, or no threads\n");
        return 1;
    }
    uint32_t *buffer = malloc(tile * tile * sizeof(uint32_t));
    for (long i = 0; i < cols * rows; i++) {
        read_tile(buffer, i);
    }
    free(buffer);
    pthread_t *pool = malloc(threads * sizeof(pthread_t));
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int t = 0; t < threads; t++) {
        pthread_create(&pool[t], NULL, worker, NULL);
    }
    for (int t = 0; t < threads; t++) {
        pthread_join(pool[t], NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    const char *error = os_get_error(osr);
    if (error) {
        fprintf(stderr, "read failed: %s\n", error);
        return 1;
    }
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%.3f\n", count / seconds);
    os_close(osr);
    free(pool);
    return 0;
}
