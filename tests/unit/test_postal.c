#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <string.h>

#include "render/postal.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

struct cas {
    const char *from, *sender_language;
    struct postal_address a;
    const char *want;
};

static const struct cas cases[] = {
    /* domestic: no country line */
    {"DE", "de", {"Greenleaf Electrical KG", "z. Hd. Anna Schmidt",
                  "Hauptstra\xc3\x9f" "e 120", "04109", "Leipzig", "", "DE"},
     "Greenleaf Electrical KG\nz. Hd. Anna Schmidt\nHauptstra\xc3\x9f"
     "e 120\n04109 Leipzig\n"},
    /* the two: a US address no longer "97238 Portland / US" */
    {"US", "en", {"Summit Foods Inc.", "", "4410 SE Division St", "97238",
                  "Portland", "OR", "US"},
     "Summit Foods Inc.\n4410 SE Division St\nPortland, OR 97238\n"},
    {"GB", "en", {"Minster Print Ltd", "", "12 Stonegate", "YO1 7HH",
                  "York", "", "GB"},
     "Minster Print Ltd\n12 Stonegate\nYORK\nYO1 7HH\n"},
    /* foreign: the country in full, capitals, sender's language */
    {"DE", "de", {"Summit Foods Inc.", "", "4410 SE Division St", "97238",
                  "Portland", "OR", "US"},
     "Summit Foods Inc.\n4410 SE Division St\nPortland, OR 97238\n"
     "VEREINIGTE STAATEN\n"},
    {"GB", "en", {"Atelier Dupont SARL", "", "8 rue de la Paix", "75002",
                  "Paris", "", "FR"},
     "Atelier Dupont SARL\n8 rue de la Paix\n75002 PARIS\nFRANCE\n"},
    {"DE", "de", {"Bakkerij de Vries B.V.", "t.a.v. Jan de Vries",
                  "Keizersgracht 12", "1015 CS", "Amsterdam", "", "NL"},
     "Bakkerij de Vries B.V.\nt.a.v. Jan de Vries\nKeizersgracht 12\n"
     "1015 CS  AMSTERDAM\nNIEDERLANDE\n"},
    {"IT", "it", {"Trattoria Roma Srl", "", "Via del Corso 5", "00186",
                  "Roma", "RM", "IT"},
     "Trattoria Roma Srl\nVia del Corso 5\n00186 Roma RM\n"},
    {"CA", "en", {"Maple Works Ltd.", "", "111 Wellington St", "K1A 0A9",
                  "Ottawa", "ON", "CA"},
     "Maple Works Ltd.\n111 Wellington St\nOttawa ON  K1A 0A9\n"},
    {"AU", "en", {"Harbour Supplies Pty Ltd", "", "1 George St", "2000",
                  "Sydney", "NSW", "AU"},
     "Harbour Supplies Pty Ltd\n1 George St\nSYDNEY NSW 2000\n"},
    {"IE", "en", {"Liffey Traders Ltd", "", "3 Grafton St", "D02 X285",
                  "Dublin 2", "", "IE"},
     "Liffey Traders Ltd\n3 Grafton St\nDublin 2\nD02 X285\n"},
    {"ES", "es", {"Distribuciones Sol SL", "", "Calle Mayor 1", "28013",
                  "Madrid", "", "ES"},
     "Distribuciones Sol SL\nCalle Mayor 1\n28013 Madrid\n"},
    /* the rest of Europe: POSTCODE City; capitals beyond ASCII */
    {"DE", "de", {"Z\xc3\xbcrcher AG", "", "Bahnhofstrasse 1", "8001",
                  "Z\xc3\xbcrich", "", "CH"},
     "Z\xc3\xbcrcher AG\nBahnhofstrasse 1\n8001 Z\xc3\xbcrich\nSCHWEIZ\n"},
    {"FR", "fr", {"Café Łódź", "", "ul. Piotrkowska 1", "90-001",
                  "\xc5\x81\xc3\xb3" "d\xc5\xba", "", "PL"},
     "Café Łódź\nul. Piotrkowska 1\n90-001 \xc5\x81\xc3\xb3"
     "d\xc5\xba\nPOLOGNE\n"},
    {"FR", "fr", {"Epicerie Fine", "", "2 quai de Saône", "69002",
                  "Lyon", "", "FR"},
     "Epicerie Fine\n2 quai de Saône\n69002 LYON\n"},
    /* several street lines; missing parts leave no empty line */
    {"GB", "en", {"Acme Ltd", "", "Unit 4\nRiverside Estate\n", "", "Leeds",
                  "", "GB"},
     "Acme Ltd\nUnit 4\nRiverside Estate\nLEEDS\n"},
    {"", "en", {"No Country Ltd", "", "1 Main St", "", "", "", ""},
     "No Country Ltd\n1 Main St\n"},
    /* sender's country unknown: every country line is written */
    {"", "en", {"Summit Foods Inc.", "", "1 Main St", "10001", "New York",
                "NY", "US"},
     "Summit Foods Inc.\n1 Main St\nNew York, NY 10001\nUNITED STATES\n"},
};

static void
test_address_per_country(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct dun_err err = DUN_ERR_INIT;
        struct localfmt *f = localfmt_new(cases[i].sender_language, "", &err);
        struct sbuf out = SBUF_INIT;

        postal_lines(&cases[i].a, cases[i].from, f, &out);
        sbuf_addch(&out, '\0');
        assert_string_equal(out.buf, cases[i].want);
        sbuf_release(&out);
        localfmt_free(f);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_address_per_country),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
