/*
 * pack_sample.h - the dictionary a run packs a template set's messages
 * with (store/dict_codec.h): the set's source, then a message rendered
 * from the set for a sample customer (its data, letter, HTML and plain
 * text), the last DICT_CODEC_WINDOW bytes of that.
 *
 * A real message of the set then finds nearly every run of its bytes in
 * the sample, apart from the names, numbers and amounts. The sample
 * depends only on the set, the business (its letterhead and bank
 * details), the stage (its tone, whether it states a deadline, what
 * follows it) and the country and currency of the message it is built
 * for (the formats of its dates and amounts, its address layout): the
 * customer, the invoices and the day are fixed. So a set has a few
 * dictionaries at most (a rendering thread builds one per set, for the
 * first message it packs with it), the same from one day's run to the
 * next, and the outbox keeps each once (by its SHA-256). They need not stay the same across versions of dun:
 * each message names the stored dictionary it was packed with.
 */
#ifndef DUN_APP_PACK_SAMPLE_H
#define DUN_APP_PACK_SAMPLE_H

#include <stddef.h>

#include "app/letters.h"
#include "core/sha256.h"

struct pack_sample {
    const struct template_set *set; /* what it was built for */
    unsigned char *bytes;
    size_t len;
    unsigned char digest[SHA256_LEN]; /* of bytes */
};

/*
 * Build into out the sample of set, the set `like` (a real message's
 * input) was rendered with in language. scratch renders the sample (its
 * buffers are overwritten, the message rendered there too; its compiled
 * templates and formats reused). A sample that does not render (a
 * template error the real message escaped) or picks another set leaves
 * the set's source alone as the dictionary.
 */
void pack_sample_build(struct pack_sample *out, const struct template_set *set,
                       const char *language, const struct letter_input *like,
                       struct letter *scratch);

void pack_sample_release(struct pack_sample *s);

#endif
