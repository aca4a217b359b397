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

const char *const labels_message_keys[] = {
    "invoice", "issue_date", "due_date", "days_overdue", "original", "paid",
    "open", "total", "more", "attention", "date", "customer_number",
    "our_reference", "page", "payment_details", "account_holder", "iban",
    "bic", "bank", "reference", "amount", "sort_code", "account_number",
    "routing_number", "ach_account", "checks_payable_to", "remit_to",
    "scan_to_pay", "vat_id", "company_number", "managing_directors",
    "registered_office", "share_capital", "phone", NULL,
};

void
labels_entry_text(const char *language, struct sbuf *out)
{
    sbuf_addstr(out, "; The words dun sets in a message itself: KEY = "
                     "WORDS, one a line.\n; {count}, {page} and {pages} "
                     "are replaced by numbers.\n");
    for (size_t i = 0; i < labels_count(); i++)
        sbuf_addf(out, "%s = %s\n", labels_key(i),
                  labels_get(language, labels_key(i)));
}

/* [from, to) without the blanks around it. */
static void
trim(const char **from, const char **to)
{
    while (*from < *to && (**from == ' ' || **from == '\t'))
        (*from)++;
    while (*to > *from &&
           ((*to)[-1] == ' ' || (*to)[-1] == '\t' || (*to)[-1] == '\r'))
        (*to)--;
}

int
labels_entry_read(const char *text, size_t len,
                  void (*add)(void *ctx, const char *key, size_t keylen,
                              const char *words, size_t wordslen),
                  void *ctx, struct dun_err *err)
{
    /* Keys seen, to refuse a repeat: a set has a few dozen. */
    const char *seen[MAX_KEYS];
    size_t seen_len[MAX_KEYS], nseen = 0, line = 0;
    const char *p = text, *end = text + len;

    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *stop = eol ? eol : end, *k = p, *ke, *w, *we;

        line++;
        p = eol ? eol + 1 : end;
        ke = memchr(k, '=', (size_t)(stop - k));
        we = stop;
        trim(&k, &we);
        if (k == we || *k == ';')
            continue;
        if (ke == NULL)
            return dun_err_set(err, DUN_E_INPUT, "line %zu: not KEY = WORDS",
                               line);
        w = ke + 1;
        trim(&k, &ke);
        trim(&w, &we);
        if (k == ke)
            return dun_err_set(err, DUN_E_INPUT, "line %zu: no key before "
                               "'='", line);
        for (const char *c = k; c < ke; c++)
            if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
                  *c == '_'))
                return dun_err_set(err, DUN_E_INPUT, "line %zu: key "
                                   "'%.*s' is not a-z, 0-9 and '_'", line,
                                   (int)(ke - k), k);
        for (size_t i = 0; i < nseen; i++)
            if (seen_len[i] == (size_t)(ke - k) &&
                memcmp(seen[i], k, seen_len[i]) == 0)
                return dun_err_set(err, DUN_E_INPUT, "line %zu: %.*s is "
                                   "there twice", line, (int)(ke - k), k);
        if (nseen == MAX_KEYS)
            return dun_err_set(err, DUN_E_INPUT, "line %zu: more than %d "
                               "words", line, MAX_KEYS);
        seen[nseen] = k;
        seen_len[nseen++] = (size_t)(ke - k);
        add(ctx, k, (size_t)(ke - k), w, (size_t)(we - w));
    }
    return 0;
}

/* labels_entry_read's callback: the word into the map ctx. */
static void
add_to_map(void *ctx, const char *key, size_t keylen, const char *words,
           size_t wordslen)
{
    struct value *m = ctx;

    value_map_setn(m, key, keylen,
                   value_str(m->u.map.arena, words, wordslen));
}

int
labels_entry_map(const char *text, size_t len, struct value *map,
                 struct dun_err *err)
{
    return labels_entry_read(text, len, add_to_map, map, err);
}

const char *
labels_word(const struct value *words, const char *language, const char *key)
{
    const char *s = words ? value_map_text(words, key) : NULL;

    return s ? s : labels_get(language, key);
}
