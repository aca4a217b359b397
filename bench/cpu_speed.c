/*
 * cpu_speed.c - the time a fixed loop takes on each CPU this process may
 * use, one after the other: "cpu 0: 412 ms".
 *
 * The figures of bench/run.sh come from a virtual machine whose vCPUs
 * need not be alike: on the one these benchmarks were first run on, one
 * vCPU ran this loop in half the time of the other, and a thread's speed
 * depended on where the scheduler put it. run.sh prints these times
 * before and after, so that a reader can tell the machine from the code.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static double
now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Integer work the compiler cannot drop, no memory traffic. */
static uint64_t
spin(uint64_t n)
{
    volatile uint64_t x = 0;

    for (uint64_t i = 0; i < n; i++)
        x += i * i;
    return x;
}

int
main(void)
{
    cpu_set_t allowed, one;
    const char *sep = "";

    if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0) {
        perror("cpu_speed: sched_getaffinity");
        return 1;
    }
    for (int c = 0; c < CPU_SETSIZE; c++) {
        double t0;

        if (!CPU_ISSET(c, &allowed))
            continue;
        CPU_ZERO(&one);
        CPU_SET(c, &one);
        if (sched_setaffinity(0, sizeof(one), &one) != 0)
            continue;
        spin(20000000); /* settle on it */
        t0 = now_ms();
        spin(400000000);
        printf("%scpu %d: %.0f ms", sep, c, now_ms() - t0);
        sep = ", ";
    }
    printf("\n");
    sched_setaffinity(0, sizeof(allowed), &allowed);
    return 0;
}
