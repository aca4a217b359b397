/*
 * terms.c - payment terms ("net 30", "eom 15", "receipt") and due dates.
 *
 * Pure: no I/O, no clock, no locale (case folding is ASCII only); safe to
 * call from any thread.
 *
 * Grammar, case-insensitive, words separated by one or more blanks (space
 * or tab), nothing before or after:
 *
 *     terms := "receipt" | "due" "on" "receipt"
 *            | "net" [blanks] days | days
 *            | "eom" | "eom" [blanks] ["+" [blanks]] days
 *     days  := 1*DIGIT, at most TERMS_MAX_DAYS
 *
 * There is no sign for days ("net -5" fails), and "net" alone fails: net
 * terms without a number of days are a typo, not a default.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/date.h"
#include "core/terms.h"

struct cursor {
    const char *s;
    size_t len;
    size_t pos;
};

static int
at_end(const struct cursor *c)
{
    return c->pos == c->len;
}

static int
is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* Skip blanks; the number skipped, so that callers can require one. */
static size_t
skip_blanks(struct cursor *c)
{
    size_t start = c->pos;

    while (c->pos < c->len && is_blank(c->s[c->pos]))
        c->pos++;
    return c->pos - start;
}

/* Consume word (lower case) if the input has it here in any case. */
static int
take_word(struct cursor *c, const char *word)
{
    size_t i = 0;

    for (; word[i]; i++) {
        char ch;

        if (c->pos + i >= c->len)
            return 0;
        ch = c->s[c->pos + i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch != word[i])
            return 0;
    }
    c->pos += i;
    return 1;
}

/* One or more digits, value 0..TERMS_MAX_DAYS. Stops adding once past
 * the maximum, so that a long run of digits cannot overflow. */
static int
take_days(struct cursor *c, int *days)
{
    size_t start = c->pos;
    int v = 0;

    while (c->pos < c->len && c->s[c->pos] >= '0' && c->s[c->pos] <= '9') {
        if (v <= TERMS_MAX_DAYS)
            v = v * 10 + (c->s[c->pos] - '0');
        c->pos++;
    }
    if (c->pos == start || v > TERMS_MAX_DAYS)
        return -1;
    *days = v;
    return 0;
}

int
terms_parse(const char *s, size_t len, struct terms *t)
{
    struct cursor c = { s, len, 0 };
    struct terms r = { TERMS_NET, 0 };

    if (take_word(&c, "receipt")) {
        r.kind = TERMS_RECEIPT;
    } else if (take_word(&c, "due")) {
        /* Only "due on receipt": "due 30" or "due on 30" is not a form
         * anyone means, so it is not guessed at. */
        if (!skip_blanks(&c) || !take_word(&c, "on") || !skip_blanks(&c) ||
            !take_word(&c, "receipt"))
            return -1;
        r.kind = TERMS_RECEIPT;
    } else if (take_word(&c, "net")) {
        skip_blanks(&c);
        if (take_days(&c, &r.days) < 0)
            return -1;
    } else if (take_word(&c, "eom")) {
        r.kind = TERMS_EOM;
        /* Bare "eom": due on the last day of the issue month. */
        if (!at_end(&c)) {
            skip_blanks(&c);
            if (!at_end(&c) && c.s[c.pos] == '+') {
                c.pos++;
                skip_blanks(&c);
            }
            if (take_days(&c, &r.days) < 0)
                return -1;
        }
    } else {
        /* Plain days mean net days (terms.h). */
        if (take_days(&c, &r.days) < 0)
            return -1;
    }
    /* "receiptx", "net 30 days", "eom 15 " and the like. */
    if (!at_end(&c))
        return -1;
    *t = r;
    return 0;
}

int32_t
terms_due_date(const struct terms *t, int32_t issue)
{
    switch (t->kind) {
    case TERMS_NET:
        return date_add_days(issue, t->days);
    case TERMS_EOM:
        return date_add_days(date_end_of_month(issue), t->days);
    case TERMS_RECEIPT:
        break;
    }
    return issue;
}

char *
terms_format(const struct terms *t, char *buf)
{
    /* 16 bytes hold "eom -2147483648" and its NUL, so even a struct that
     * never came from terms_parse cannot overflow buf. */
    switch (t->kind) {
    case TERMS_NET:
        snprintf(buf, 16, "net %d", t->days);
        return buf;
    case TERMS_EOM:
        /* Bare "eom" is how people write it, and parses back the same. */
        if (t->days == 0)
            snprintf(buf, 16, "eom");
        else
            snprintf(buf, 16, "eom %d", t->days);
        return buf;
    case TERMS_RECEIPT:
        break;
    }
    snprintf(buf, 16, "receipt");
    return buf;
}
