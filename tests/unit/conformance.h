/*
 * conformance.h - where the conformance suites others wrote live
 * (../shared/conformance beside the repository), and what to do when they
 * are absent: a user's clean clone has no ../shared, so the tests that
 * read them are skipped there, saying so and why; CI sets
 * DUN_REQUIRE_CONFORMANCE=1, where a missing suite fails instead.
 */
#ifndef DUN_TESTS_CONFORMANCE_H
#define DUN_TESTS_CONFORMANCE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

/* Put DUN_SOURCE_ROOT/../shared/conformance/NAME into dir; 1 if that
 * directory exists, else 0 after printing the reason for skipping (and
 * failing the test when DUN_REQUIRE_CONFORMANCE is set). The caller
 * skips the test on 0. */
static int
conformance_dir(const char *name, char *dir, size_t size)
{
    const char *root = getenv("DUN_SOURCE_ROOT");
    const char *require = getenv("DUN_REQUIRE_CONFORMANCE");
    DIR *d;

    if (root == NULL)
        fail_msg("DUN_SOURCE_ROOT is not set");
    snprintf(dir, size, "%s/../shared/conformance/%s", root, name);
    if ((d = opendir(dir)) != NULL) {
        closedir(d);
        return 1;
    }
    if (require && strcmp(require, "1") == 0)
        fail_msg("conformance suite missing: %s (DUN_REQUIRE_CONFORMANCE=1)",
                 dir);
    printf("skipped: conformance suite %s: %s not found (a clone without "
           "../shared beside it); it runs wherever ../shared is present, "
           "as in CI\n", name, dir);
    return 0;
}

#endif
