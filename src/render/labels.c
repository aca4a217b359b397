/*
 * labels.c - the words of data/labels.ini; see labels.h.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "render/labels.h"

extern const char labels_ini[];

#define MAX_LANGUAGES 32
#define MAX_KEYS 96

struct section {
    char language[8];
    const char *value[MAX_KEYS]; /* by index of English's keys */
};

static struct {
    const char *key[MAX_KEYS];
    size_t nkeys;
    struct section lang[MAX_LANGUAGES];
    size_t nlang;
} L;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static char *
trimmed(const char *s, size_t n)
{
    while (n && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return xstrndup(s, n);
}

static size_t
key_index(const char *k)
{
    for (size_t i = 0; i < L.nkeys; i++)
        if (strcmp(L.key[i], k) == 0)
            return i;
    return MAX_KEYS;
}

/* The file is ours and fixed at build time (tests/unit/test_labels.c
 * reads every section): no error paths beyond skipping what does not
 * fit. English comes first, so its keys are the list. */
static void
load(void)
{
    const char *p = labels_ini;
    struct section *cur = NULL;

    while (*p) {
        size_t n = strcspn(p, "\n");
        const char *line = p, *eq;

        p += n + (p[n] == '\n');
        if (n == 0 || line[0] == ';')
            continue;
        if (line[0] == '[') {
            cur = NULL;
            if (L.nlang < MAX_LANGUAGES && n >= 3 && n - 2 < 8) {
                cur = &L.lang[L.nlang++];
                memcpy(cur->language, line + 1, n - 2);
            }
            continue;
        }
        if (cur == NULL || (eq = memchr(line, '=', n)) == NULL)
            continue;
        {
            char *k = trimmed(line, (size_t)(eq - line));
            size_t i = key_index(k);

            if (i == MAX_KEYS && cur == &L.lang[0] && L.nkeys < MAX_KEYS) {
                i = L.nkeys++;
                L.key[i] = k;
            } else {
                free(k);
            }
            if (i < MAX_KEYS)
                cur->value[i] = trimmed(eq + 1, n - (size_t)(eq + 1 - line));
        }
    }
}

const char *
labels_get(const char *language, const char *key)
{
    size_t i;

    pthread_once(&once, load);
    if ((i = key_index(key)) == MAX_KEYS)
        return key;
    for (size_t l = 1; language && l < L.nlang; l++)
        if (strcmp(L.lang[l].language, language) == 0 && L.lang[l].value[i])
            return L.lang[l].value[i];
    return L.lang[0].value[i];
}

size_t
labels_count(void)
{
    pthread_once(&once, load);
    return L.nkeys;
}

const char *
labels_key(size_t i)
{
    pthread_once(&once, load);
    return i < L.nkeys ? L.key[i] : NULL;
}
