/*
 * pack_sample.c - see pack_sample.h.
 */
#include <stdlib.h>
#include <string.h>

#include "app/pack_sample.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "render/template_set.h"
#include "store/dict_codec.h"

/* Render the sample of like's stage in language into scratch: 0, or -1
 * if it does not render. */
static int
render_sample(const char *language, const struct letter_input *like,
              struct letter *scratch)
{
    static const char *const numbers[] = { "INV-1001", "INV-1002",
                                           "INV-1003" };
    /* A fixed day: a sample made from the run's day would be a new
     * dictionary every day. */
    const int32_t as_of = date_from_iso("2026-06-30");
    struct customer cust = {
        .id = "C-1", .name = "Sample Customer Ltd",
        .email = "accounts@customer.example", .phone = "",
        .address = "2 Customer Road", .city = "Customertown",
        .postal_code = "12345", .country = like->customer->country,
        .region = "", .language = language, .contact_name = "" };
    struct dun_item items[3];
    unsigned char roles[3] = { DUN_ROLE_STAGE, DUN_ROLE_STAGE,
                               DUN_ROLE_ALSO };
    struct dun_decision d = { .act = 1, .deadline = DATE_INVALID,
                              .in_message = roles };
    struct letter_input in = {
        .tenant = like->tenant, .customer = &cust, .stage = like->stage,
        .template_name = like->template_name, .tone = like->tone,
        .as_of = as_of, .d = &d, .items = items, .nitems = 3,
        .next = like->next,
        .channels = CHANNEL_EMAIL | CHANNEL_LETTER,
        .library = like->library };
    struct dun_err err = DUN_ERR_INIT;

    /* The country and currency of the message: they set the formats of
     * nearly every date and amount, and the address layout. */
    memcpy(cust.currency, like->nitems ? like->items[0].currency
                                       : like->customer->currency,
           sizeof(cust.currency));
    memset(items, 0, sizeof(items));
    for (size_t i = 0; i < 3; i++) {
        items[i].number = numbers[i];
        memcpy(items[i].currency, cust.currency, sizeof(cust.currency));
        items[i].balance = i == 0 ? 120000 : i == 1 ? 34050 : 9990;
        items[i].total = items[i].balance;
        items[i].due_date = as_of - (i == 0 ? 46 : i == 1 ? 30 : 10);
        items[i].issue_date = items[i].due_date - 30;
        items[i].days_overdue = as_of - items[i].due_date;
    }
    /* A stage that states a pay-by date must state one to render. */
    if (like->d->deadline != DATE_INVALID)
        d.deadline = as_of + 10;
    return letter_render(&in, scratch, &err);
}

static int
add(struct sbuf *to, const struct sbuf *from)
{
    return sbuf_add(to, from->buf, from->len);
}

void
pack_sample_build(struct pack_sample *out, const struct template_set *set,
                  const char *language, const struct letter_input *like,
                  struct letter *scratch)
{
    struct sbuf all = SBUF_INIT;
    size_t len;
    const char *src = template_set_source(set, &len);
    int ok;

    out->set = set;
    ok = sbuf_add(&all, src, len) == 0;
    /* The sample counts only if it was rendered with the very same
     * templates; the parts nearest the end are those LZ4 keeps when the
     * whole is longer than its window. */
    if (ok && render_sample(language, like, scratch) == 0 &&
        memcmp(template_set_digest(scratch->set), template_set_digest(set),
               SHA256_LEN) == 0)
        ok = add(&all, &scratch->inputs) == 0 &&
             add(&all, &scratch->letter) == 0 &&
             add(&all, &scratch->html) == 0 &&
             add(&all, &scratch->text) == 0;
    if (!ok)
        xalloc_oom(0);
    len = all.len > DICT_CODEC_WINDOW ? DICT_CODEC_WINDOW : all.len;
    out->len = len;
    out->bytes = xmalloc(len ? len : 1);
    memcpy(out->bytes, all.buf + (all.len - len), len);
    sha256(out->bytes, out->len, out->digest);
    sbuf_release(&all);
}

void
pack_sample_release(struct pack_sample *s)
{
    free(s->bytes);
    memset(s, 0, sizeof(*s));
}
