#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
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

struct seen {
    char text[8192];
};

static void
collect(void *ctx, const char *key, size_t keylen, const char *words,
        size_t wordslen)
{
    struct seen *s = ctx;
    size_t n = strlen(s->text);

    snprintf(s->text + n, sizeof(s->text) - n, "[%.*s|%.*s]", (int)keylen,
             key, (int)wordslen, words);
}

static void
test_entry_text_reads_back(void **state)
{
    struct sbuf text = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct seen s = {""};
    size_t n = 0;

    (void)state;
    labels_entry_text("de", &text);
    assert_non_null(strstr(text.buf, "\nopen = Offener Betrag\n"));
    assert_non_null(strstr(text.buf, "\nattention = z. Hd.\n"));
    assert_int_equal(labels_entry_read(text.buf, text.len, collect, &s,
                                       &err), 0);
    /* every word of data/labels.ini, in order, and nothing else */
    for (size_t i = 0; i < labels_count(); i++) {
        char want[256];
        size_t len = (size_t)snprintf(want, sizeof(want), "[%s|%s]",
                                      labels_key(i),
                                      labels_get("de", labels_key(i)));

        assert_memory_equal(s.text + n, want, len);
        n += len;
    }
    assert_int_equal(n, strlen(s.text));
    assert_memory_equal(s.text, "[invoice|Rechnung][issue_date|", 30);
    sbuf_release(&text);
}

static void
test_entry_read_trims_and_refuses(void **state)
{
    static const char good[] = "; comment\n\n  open =  Still to pay \r\n"
                               "x=\nmore = and {count} = more\n";
    struct dun_err err = DUN_ERR_INIT;
    struct seen s = {""};

    (void)state;
    assert_int_equal(labels_entry_read(good, strlen(good), collect, &s, &err),
                     0);
    assert_string_equal(s.text, "[open|Still to pay][x|][more|and {count} "
                                "= more]");
    assert_int_equal(labels_entry_read("a = 1\nno equals\n", 16, collect, &s,
                                       &err), -1);
    assert_int_equal(err.code, DUN_E_INPUT);
    assert_string_equal(err.msg, "line 2: not KEY = WORDS");
    assert_int_equal(labels_entry_read("a = 1\n = 2\n", 11, collect, &s,
                                       &err), -1);
    assert_string_equal(err.msg, "line 2: no key before '='");
    assert_int_equal(labels_entry_read("Open = 1\n", 9, collect, &s, &err),
                     -1);
    assert_string_equal(err.msg, "line 1: key 'Open' is not a-z, 0-9 and "
                                 "'_'");
    assert_int_equal(labels_entry_read("a = 1\nb = 2\na = 3", 17, collect,
                                       &s, &err), -1);
    assert_string_equal(err.msg, "line 3: a is there twice");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_language_has_every_word),
        cmocka_unit_test(test_words_and_fallbacks),
        cmocka_unit_test(test_entry_text_reads_back),
        cmocka_unit_test(test_entry_read_trims_and_refuses),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
