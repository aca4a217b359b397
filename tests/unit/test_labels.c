#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <string.h>

#include "render/labels.h"

static void
test_every_language_has_every_word(void **state)
{
    static const char *const languages[] = {"de", "fr", "nl", "es", "it"};

    (void)state;
    assert_true(labels_count() >= 40);
    for (size_t l = 0; l < sizeof(languages) / sizeof(languages[0]); l++)
        for (size_t i = 0; i < labels_count(); i++) {
            const char *k = labels_key(i);
            const char *en = labels_get("en", k);
            const char *v = labels_get(languages[l], k);

            /* a word the same in both (IBAN, BIC, Web) is fine; a
             * missing one would come back as English's pointer */
            if (v == en && strcmp(k, "iban") && strcmp(k, "bic") &&
                strcmp(k, "website") && strcmp(k, "sort_code"))
                fail_msg("%s has no word for %s", languages[l], k);
        }
}

static void
test_words_and_fallbacks(void **state)
{
    (void)state;
    assert_string_equal(labels_get("de", "page"), "Seite {page} von {pages}");
    assert_string_equal(labels_get("de", "days_overdue"), "Tage überfällig");
    assert_string_equal(labels_get("fr", "attention"), "À l'attention de");
    assert_string_equal(labels_get("nl", "attention"), "t.a.v.");
    /* a language without words: English; an unknown key: itself */
    assert_string_equal(labels_get("pl", "invoice"), "Invoice");
    assert_string_equal(labels_get(NULL, "total"), "Total due");
    assert_string_equal(labels_get("de", "no_such_key"), "no_such_key");
    assert_null(labels_key(labels_count()));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_language_has_every_word),
        cmocka_unit_test(test_words_and_fallbacks),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
