/*
 * huge_pages.c - start dun again with glibc asking for huge pages.
 *
 * An import of a million rows touches some 70 MB for the first time, a
 * page of 4 KB at a time, and on a virtual machine every first touch is
 * a trap to the hypervisor: 15,000 of them, a tenth of the import's time
 * on M. glibc can ask the kernel for transparent huge pages of 2 MB
 * (glibc.malloc.hugetlb=1), but reads that wish only when the process
 * starts, from GLIBC_TUNABLES. Where the kernel grants huge pages only
 * on request ("madvise", Debian's default), the command starts itself
 * once more with it. A GLIBC_TUNABLES of the user's own is left alone.
 *
 * Such a command also keeps what it frees: glibc's defaults hand memory
 * back to the kernel as soon as 128 KB lie free at the top of the heap,
 * grow the heap 128 KB at a time, and map each block over 128 KB (a
 * pack, a bucket of keys growing) on its own; the import frees and takes
 * back tens of megabytes, and every page given back and taken again is
 * a fault and a page cleared. Kept, an import of M takes half the page
 * faults, for a few MB more at its peak.
 */
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "modules/loader.h"

#define THP_MODE "/sys/kernel/mm/transparent_hugepage/enabled"

/* 1 if the kernel gives huge pages to memory that asks for them only. */
static int
on_request_only(void)
{
    char mode[128] = "";
    FILE *f = fopen(THP_MODE, "r");

    if (f == NULL)
        return 0;
    if (fgets(mode, sizeof(mode), f) == NULL)
        mode[0] = '\0';
    fclose(f);
    return strstr(mode, "[madvise]") != NULL;
}

void
cli_restart_with_huge_pages(char **argv)
{
    char self[PATH_MAX];

    /* By its own path, not /proc/self/exe: the process keeps its name
     * ("dun", not "exe") for ps and top. */
    if (getenv("GLIBC_TUNABLES") != NULL || !on_request_only() ||
        exe_path(self, sizeof(self)) < 0)
        return;
    if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) < 0)
        return;
    execv(self, argv);
    /* Not started again: go on as it is. */
    unsetenv("GLIBC_TUNABLES");
}

void
cli_keep_heap(void)
{
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}
