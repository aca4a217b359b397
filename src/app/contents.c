/*
 * contents.c - the elements a message must carry, found in what it says;
 * see contents.h. The rules are data (data/contents.ini, compiled in as
 * contents_rules); how each element is found is here.
 */
#include <stdio.h>
#include <string.h>

#include "app/contents.h"
#include "core/sbuf.h"

extern const char contents_rules[];

/* The elements, in the order a refusal names them. */
enum element {
    E_CREDITOR, E_DEBTOR, E_INVOICES, E_TOTAL, E_DEADLINE,
    E_CONSEQUENCES, E_HOW_TO_PAY, E_HOW_TO_DISPUTE, E_COUNT
};

static const struct {
    const char *key, *words;
} element[E_COUNT] = {
    [E_CREDITOR] = {"creditor", "the business's name and contact"},
    [E_DEBTOR] = {"debtor", "the customer's name or account"},
    [E_INVOICES] = {"invoices", "each invoice's number, due date and amount"},
    [E_TOTAL] = {"total", "the total"},
    [E_DEADLINE] = {"deadline", "the deadline"},
    [E_CONSEQUENCES] = {"consequences", "what follows if unpaid"},
    [E_HOW_TO_PAY] = {"how_to_pay", "how to pay"},
    [E_HOW_TO_DISPUTE] = {"how_to_dispute", "how to dispute"},
};

/* The rules that apply: elements (bits) and the dispute words of
 * language. */
struct rules {
    unsigned need;
    char words[256];
};

static void
trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static int
add_elements(struct rules *r, const char *v, size_t n, struct dun_err *err)
{
    while (n) {
        const char *comma = memchr(v, ',', n);
        size_t len = comma ? (size_t)(comma - v) : n, i;
        const char *w = v;
        size_t wn = len;

        trim(&w, &wn);
        for (i = 0; i < E_COUNT; i++)
            if (strlen(element[i].key) == wn &&
                memcmp(element[i].key, w, wn) == 0)
                break;
        if (i == E_COUNT)
            return dun_err_set(err, DUN_E_INTERNAL, "contents rules: no "
                               "element '%.*s'", (int)wn, w);
        r->need |= 1u << i;
        v += len + (comma != NULL);
        n -= len + (comma != NULL);
    }
    return 0;
}

/* Read the rules for tone, country and language out of text: [TONE]
 * and [TONE CC] sections' requires, [dispute words]' line of language. */
static int
read_rules(const char *text, const char *tone, const char *country,
           const char *language, struct rules *r, struct dun_err *err)
{
    char here[64] = "", want1[64], want2[64];
    const char *p = text;

    memset(r, 0, sizeof(*r));
    str_join(want1, sizeof(want1), (const char *const[]){ tone, NULL });
    str_join(want2, sizeof(want2),
             (const char *const[]){ tone, " ", country, NULL });
    while (*p) {
        size_t n = strcspn(p, "\n");
        const char *line = p, *eq;
        size_t ln = n;

        p += n + (p[n] == '\n');
        trim(&line, &ln);
        if (ln == 0 || line[0] == ';')
            continue;
        if (line[0] == '[') {
            if (ln < 2 || line[ln - 1] != ']' || ln - 2 >= sizeof(here))
                return dun_err_set(err, DUN_E_INTERNAL,
                                   "contents rules: bad section");
            memcpy(here, line + 1, ln - 2);
            here[ln - 2] = '\0';
            continue;
        }
        if ((eq = memchr(line, '=', ln)) == NULL)
            return dun_err_set(err, DUN_E_INTERNAL,
                               "contents rules: a line without '='");
        {
            const char *k = line, *v = eq + 1;
            size_t kn = (size_t)(eq - line), vn = ln - kn - 1;
            const char *semi = memchr(v, ';', vn);

            if (semi)
                vn = (size_t)(semi - v);
            trim(&k, &kn);
            trim(&v, &vn);
            if (strcmp(here, "dispute words") == 0) {
                if (strlen(language) == kn && memcmp(k, language, kn) == 0 &&
                    vn < sizeof(r->words)) {
                    memcpy(r->words, v, vn);
                    r->words[vn] = '\0';
                }
            } else if ((strcmp(here, want1) == 0 ||
                        (country[0] && strcmp(here, want2) == 0)) &&
                       kn == 8 && memcmp(k, "requires", 8) == 0) {
                if (add_elements(r, v, vn, err) < 0)
                    return -1;
            }
        }
    }
    return 0;
}

static const struct value *
list_at(const struct value *map, const char *key)
{
    const struct value *v = map && map->type == VALUE_MAP
                                ? value_map_get(map, key, strlen(key))
                                : NULL;

    return v && v->type == VALUE_LIST ? v : NULL;
}

/* HTML escaping as the templates' {{value}} does it, for finding a value
 * in an HTML part. */
static void
escape_html(const char *s, struct sbuf *out)
{
    for (; *s; s++)
        switch (*s) {
        case '&': sbuf_addstr(out, "&amp;"); break;
        case '<': sbuf_addstr(out, "&lt;"); break;
        case '>': sbuf_addstr(out, "&gt;"); break;
        case '"': sbuf_addstr(out, "&quot;"); break;
        case '\'': sbuf_addstr(out, "&#39;"); break;
        default: sbuf_addch(out, *s); break;
        }
}

/* Whether value v (non-empty) appears in the part as the part shows it. */
static int
shows(const struct contents_part *part, const char *v)
{
    struct sbuf esc = SBUF_INIT;
    int found;

    if (v == NULL || v[0] == '\0')
        return 0;
    if (!part->html)
        return strstr(part->body, v) != NULL;
    escape_html(v, &esc);
    found = strstr(part->body, esc.buf) != NULL;
    sbuf_release(&esc);
    return found;
}

/* Whether map's value under key appears in the part, as it is (ISO
 * date, decimal amount) or in its local format (key_fmt: "14.11.2026",
 * "7.578,70 €"), the form the built-in templates show. */
static int
shows_value(const struct contents_part *part, const struct value *map,
            const char *key)
{
    char fmt[64];

    if (shows(part, value_map_text(map, key)))
        return 1;
    str_join(fmt, sizeof(fmt), (const char *const[]){ key, "_fmt", NULL });
    return shows(part, value_map_text(map, fmt));
}

/* Whether the partial (text or html kind) renders to something the part
 * holds. */
static int
shows_partial(struct template_set *set, const char *language,
              const char *partial, const struct value *data,
              const struct contents_part *part, int *found,
              struct dun_err *err)
{
    struct sbuf out = SBUF_INIT, name = SBUF_INIT;
    int rc;

    sbuf_addf(&name, "%s/_%s_%s", language, partial,
              part->html ? "html" : "text");
    *found = 0;
    rc = template_set_render(set, name.buf, data, &out, err);
    if (rc == 0) {
        /* Trailing line ends belong to where it stands, not to it. */
        while (out.len && (out.buf[out.len - 1] == '\n'))
            out.buf[--out.len] = '\0';
        *found = out.len > 0 && strstr(part->body, out.buf) != NULL;
    }
    sbuf_release(&out);
    sbuf_release(&name);
    return rc;
}

static int
shows_items(const struct contents_part *part, const struct value *list,
            const char *const *keys, size_t nkeys)
{
    if (list == NULL || list->u.list.len == 0)
        return 0;
    for (size_t i = 0; i < list->u.list.len; i++)
        for (size_t k = 0; k < nkeys; k++)
            if (!shows_value(part, list->u.list.items[i], keys[k]))
                return 0;
    return 1;
}

/* Whether one of the space-separated words appears. */
static int
shows_a_word(const struct contents_part *part, const char *words)
{
    char w[256];
    const char *p = words;

    while (*p) {
        size_t n = strcspn(p, " ");

        if (n && n < sizeof(w)) {
            memcpy(w, p, n);
            w[n] = '\0';
            if (strstr(part->body, w))
                return 1;
        }
        p += n + (p[n] == ' ');
    }
    return 0;
}

static int
has_element(enum element e, struct template_set *set, const char *language,
            const struct value *data, const struct contents_part *part,
            const struct rules *r, int *found, struct dun_err *err)
{
    static const char *const invoice_keys[] = {"number", "due_date",
                                               "balance"};
    static const char *const total_keys[] = {"amount"};
    const struct value *tenant = data && data->type == VALUE_MAP
                                     ? value_map_get(data, "tenant", 6)
                                     : NULL;
    const struct value *customer = data && data->type == VALUE_MAP
                                       ? value_map_get(data, "customer", 8)
                                       : NULL;
    const struct value *lines = list_at(tenant, "address_lines");

    *found = 0;
    switch (e) {
    case E_CREDITOR:
        *found = shows(part, value_map_text(tenant, "name")) &&
                 (shows(part, value_map_text(tenant, "email")) ||
                  shows(part, value_map_text(tenant, "phone")) ||
                  (lines && lines->u.list.len &&
                   shows(part, value_map_text(lines->u.list.items[0], "line"))));
        return 0;
    case E_DEBTOR:
        *found = shows(part, value_map_text(customer, "name")) ||
                 shows(part, value_map_text(customer, "id"));
        return 0;
    case E_INVOICES:
        *found = shows_items(part, list_at(data, "invoices"), invoice_keys,
                             3);
        return 0;
    case E_TOTAL:
        *found = shows_items(part, list_at(data, "totals"), total_keys, 1);
        return 0;
    case E_DEADLINE:
        *found = shows_value(part, data, "deadline");
        return 0;
    case E_CONSEQUENCES:
        return shows_partial(set, language, "next", data, part, found, err);
    case E_HOW_TO_PAY:
        return shows_partial(set, language, "payment", data, part, found,
                             err);
    case E_HOW_TO_DISPUTE:
        *found = r->words[0] && shows_a_word(part, r->words);
        return 0;
    default:
        return 0;
    }
}

/* part against rules r already read. */
static int
check_part(const struct rules *r, struct template_set *set,
           const char *language, const struct value *data,
           const struct contents_part *part, struct sbuf *missing,
           struct dun_err *err)
{
    sbuf_reset(missing);
    for (int e = 0; e < E_COUNT; e++) {
        int found;

        if (!(r->need & (1u << e)))
            continue;
        if (has_element((enum element)e, set, language, data, part, r,
                        &found, err) < 0)
            return -1;
        if (!found) {
            if (missing->len)
                sbuf_addstr(missing, ", ");
            sbuf_addstr(missing, element[e].words);
        }
    }
    return missing->len > 0;
}

int
contents_check_rules(const char *rules, struct template_set *set,
                     const char *language, const char *tone,
                     const char *country, const struct value *data,
                     const struct contents_part *part, struct sbuf *missing,
                     struct dun_err *err)
{
    struct rules r;

    sbuf_reset(missing);
    if (read_rules(rules, tone, country ? country : "", language, &r,
                   err) < 0)
        return -1;
    return check_part(&r, set, language, data, part, missing, err);
}

/* read_rules of the built-in rules, remembered per thread for the last
 * few tones, countries and languages: a run checks every message, and
 * meets a handful of each. */
#define RULES_MEMO 8

static int
builtin_rules(const char *tone, const char *country, const char *language,
              struct rules *r, struct dun_err *err)
{
    static _Thread_local struct {
        char tone[16], country[8], language[8];
        struct rules r;
    } memo[RULES_MEMO];
    static _Thread_local size_t nmemo; /* kept so far; the oldest goes */
    size_t n = nmemo < RULES_MEMO ? nmemo : RULES_MEMO, i;

    for (i = 0; i < n; i++)
        if (strcmp(memo[i].tone, tone) == 0 &&
            strcmp(memo[i].country, country) == 0 &&
            strcmp(memo[i].language, language) == 0) {
            *r = memo[i].r;
            return 0;
        }
    if (read_rules(contents_rules, tone, country, language, r, err) < 0)
        return -1;
    if (strlen(tone) >= sizeof(memo[0].tone) ||
        strlen(country) >= sizeof(memo[0].country) ||
        strlen(language) >= sizeof(memo[0].language))
        return 0; /* not a key the memo holds: read each time */
    i = nmemo++ % RULES_MEMO;
    strcpy(memo[i].tone, tone);
    strcpy(memo[i].country, country);
    strcpy(memo[i].language, language);
    memo[i].r = *r;
    return 0;
}

int
contents_check_message(struct template_set *set, const char *language,
                       const char *template_name, const char *tone,
                       const char *country, const struct value *data,
                       const char *text, const char *html, const char *letter,
                       struct sbuf *why, struct dun_err *err)
{
    const struct { const char *part, *body; int html; } parts[] = {
        {"text", text, 0}, {"html", html, 1}, {"letter", letter, 0},
    };
    struct sbuf missing = SBUF_INIT;
    struct rules r;
    int rc = 0;

    sbuf_reset(why);
    /* The rules once a message; most messages (a friendly tone) need
     * nothing, and nothing more is done for them. */
    if (builtin_rules(tone, country ? country : "", language, &r, err) < 0)
        return -1;
    if (r.need == 0)
        return 0;
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]) && !rc; i++) {
        char name[128];
        struct contents_part part;

        if (parts[i].body == NULL || parts[i].body[0] == '\0')
            continue;
        str_join(name, sizeof(name), (const char *const[]){
            language, "/", template_name, ".", parts[i].part, NULL });
        part = (struct contents_part){ name, parts[i].body, parts[i].html };
        rc = check_part(&r, set, language, data, &part, &missing, err);
        if (rc == 1)
            sbuf_addf(why, "%s lacks %s", name, missing.buf);
    }
    sbuf_release(&missing);
    return rc;
}

int
contents_check(struct template_set *set, const char *language,
               const char *tone, const char *country,
               const struct value *data, const struct contents_part *part,
               struct sbuf *missing, struct dun_err *err)
{
    return contents_check_rules(contents_rules, set, language, tone, country,
                                data, part, missing, err);
}
