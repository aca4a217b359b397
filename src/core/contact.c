/*
 * contact.c - checks of a customer's contact details; see contact.h.
 *
 * Pure: no I/O, no locale (ctype's classes would follow one: the
 * character classes here are spelled out in ASCII).
 */
#include <stdint.h>
#include <string.h>

#include "core/contact.h"

static int
is_upper(int c)
{
    return c >= 'A' && c <= 'Z';
}

static int
is_lower(int c)
{
    return c >= 'a' && c <= 'z';
}

static int
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
    return is_upper(c) || is_lower(c) || is_digit(c);
}

/* The code point of the UTF-8 sequence at p (at most n bytes) into *cp:
 * its length, or 0 if it is not well-formed (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF). */
static size_t
utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t v, min;

    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if ((p[0] & 0xe0) == 0xc0)
        len = 2, v = p[0] & 0x1f, min = 0x80;
    else if ((p[0] & 0xf0) == 0xe0)
        len = 3, v = p[0] & 0x0f, min = 0x800;
    else if ((p[0] & 0xf8) == 0xf0)
        len = 4, v = p[0] & 0x07, min = 0x10000;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (p[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

/* Characters that end a line or steer a terminal: C0, DEL, C1, and
 * U+2028/U+2029, which some mail readers and editors treat as line
 * breaks. */
static int
is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
           cp == 0x2029;
}

/*
 * Most text is ASCII: the runs below pass it eight bytes at a time and
 * leave the rest, byte by byte, to utf8_decode. ONES * c has c in every
 * byte; (w - ONES * c) & ~w & HIGHS is non-zero when some byte of w is
 * below c (c <= 0x80), and the bytes a word flags are looked at one at
 * a time, so a flag is never taken on trust.
 */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static uint64_t
word_at(const unsigned char *p)
{
    uint64_t w;

    memcpy(&w, p, sizeof(w));
    return w;
}

/* Bytes from p that are ASCII other than NUL. */
static size_t
ascii_run(const unsigned char *p, size_t n)
{
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        uint64_t w = word_at(p + i);

        if (((w - ONES) & ~w & HIGHS) | (w & HIGHS))
            break;
    }
    while (i < n && p[i] != 0 && p[i] < 0x80)
        i++;
    return i;
}

/* Bytes from p that are printable ASCII, space to tilde. */
static size_t
printable_run(const unsigned char *p, size_t n)
{
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        uint64_t w = word_at(p + i), del = w ^ (ONES * 0x7f);

        if (((w - ONES * 0x20) & ~w & HIGHS) | (w & HIGHS) |
            ((del - ONES) & ~del & HIGHS))
            break;
    }
    while (i < n && p[i] >= 0x20 && p[i] < 0x7f)
        i++;
    return i;
}

int
contact_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;

    for (size_t i = ascii_run(p, n); i < n; i += ascii_run(p + i, n - i)) {
        uint32_t cp;
        size_t len = utf8_decode(p + i, n - i, &cp);

        if (len == 0 || cp == 0)
            return 0;
        i += len;
    }
    return 1;
}

/* Check s[0..n) for well-formed UTF-8 without control characters; with
 * lines set, line feeds (and nothing else of C0) may separate lines. */
static int
check_text(const char *s, size_t n, int lines, const char **why)
{
    const unsigned char *p = (const unsigned char *)s;

    for (size_t i = printable_run(p, n); i < n;
         i += printable_run(p + i, n - i)) {
        uint32_t cp;
        size_t len = utf8_decode(p + i, n - i, &cp);

        if (len == 0) {
            *why = "not valid UTF-8";
            return -1;
        }
        if (is_control(cp) && !(lines && cp == '\n')) {
            *why = "a line break or control character";
            return -1;
        }
        i += len;
    }
    return 0;
}

int
contact_text_check_len(const char *s, size_t n, size_t max, const char **why)
{
    if (n > max) {
        *why = "too long";
        return -1;
    }
    return check_text(s, n, 0, why);
}

int
contact_text_check(const char *s, size_t max, const char **why)
{
    return contact_text_check_len(s, strlen(s), max, why);
}

int
contact_lines_check_len(const char *s, size_t n, size_t max, const char **why)
{
    if (n > max) {
        *why = "too long";
        return -1;
    }
    return check_text(s, n, 1, why);
}

int
contact_lines_check(const char *s, size_t max, const char **why)
{
    return contact_lines_check_len(s, strlen(s), max, why);
}

/* RFC 5322 section 3.2.3 atext (contact_email_check refused non-ASCII
 * bytes first). */
static int
is_atext(int c)
{
    return is_alnum(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static int
check_local(const char *p, size_t n, const char **why)
{
    if (n == 0) {
        *why = "nothing before '@'";
        return -1;
    }
    if (n > CONTACT_EMAIL_LOCAL_MAX) {
        *why = "the part before '@' is longer than 64 bytes";
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)p[i];

        if (c == '.') {
            if (i == 0 || i == n - 1 || p[i - 1] == '.') {
                *why = "a dot first, last or doubled before '@'";
                return -1;
            }
        } else if (!is_atext(c)) {
            *why = "a character not allowed before '@'";
            return -1;
        }
    }
    return 0;
}

/* A host name of two or more labels (RFC 1035 section 2.3.1; an
 * internationalised one in its xn-- form, RFC 5890); no address
 * literals. */
static int
check_domain(const char *p, size_t n, const char **why)
{
    size_t start = 0;
    int all_digits = 1;

    if (n == 0) {
        *why = "nothing after '@'";
        return -1;
    }
    if (memchr(p, '.', n) == NULL) {
        *why = "no dot in the domain";
        return -1;
    }
    for (size_t i = 0; i <= n; i++) {
        int c = i < n ? (unsigned char)p[i] : '.';

        if (c == '.') {
            size_t len = i - start;

            if (len == 0) {
                *why = "an empty label in the domain";
                return -1;
            }
            if (len > 63) {
                *why = "a label of the domain is longer than 63 bytes";
                return -1;
            }
            if (p[start] == '-' || p[i - 1] == '-') {
                *why = "a label of the domain starts or ends with '-'";
                return -1;
            }
            all_digits = 1;
            for (size_t k = start; k < i; k++)
                all_digits &= is_digit((unsigned char)p[k]);
            start = i + 1;
        } else if (!is_alnum(c) && c != '-') {
            *why = "a character not allowed in the domain";
            return -1;
        }
    }
    /* user@10.0.0.1 is an address literal written without brackets. */
    if (all_digits) {
        *why = "the domain ends in a number";
        return -1;
    }
    return 0;
}

int
contact_email_check(const char *s, const char **why)
{
    size_t n = strlen(s);
    const char *at;

    if (n == 0)
        return 0;
    if (n > CONTACT_EMAIL_MAX) {
        *why = "longer than 254 bytes";
        return -1;
    }
    /* What could add a header, a recipient or a display name first:
     * line breaks and controls, RFC 5322's specials, spaces. */
    if (check_text(s, n, 0, why) < 0)
        return -1;
    if (strpbrk(s, "<>,;\"()")) {
        *why = "one of < > , ; \" ( ): give one bare address";
        return -1;
    }
    if (strchr(s, ' ')) {
        *why = "a space";
        return -1;
    }
    /* RFC 6531 addresses need SMTPUTF8 from every server on the way, and
     * headers dun does not write: refused at the door rather than
     * failing at send. A domain has its ASCII (xn--) form. */
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p >= 0x80) {
            *why = "not ASCII (write the domain in its xn-- form; a "
                   "non-ASCII name before '@' cannot be sent)";
            return -1;
        }
    if ((at = strchr(s, '@')) == NULL) {
        *why = "no '@'";
        return -1;
    }
    if (strchr(at + 1, '@')) {
        *why = "more than one '@'";
        return -1;
    }
    if (check_local(s, (size_t)(at - s), why) < 0)
        return -1;
    return check_domain(at + 1, n - (size_t)(at - s) - 1, why);
}

int
contact_phone_check(const char *s, const char **why)
{
    size_t n = strlen(s), digits = 0;
    int open = 0;

    if (n == 0)
        return 0;
    if (n > CONTACT_PHONE_MAX) {
        *why = "longer than 40 bytes";
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];

        if (is_digit((unsigned char)c)) {
            digits++;
        } else if (c == '+') {
            if (i != 0) {
                *why = "'+' other than first";
                return -1;
            }
        } else if (c == '(') {
            if (open) {
                *why = "nested parentheses";
                return -1;
            }
            open = 1;
        } else if (c == ')') {
            if (!open) {
                *why = "unbalanced parentheses";
                return -1;
            }
            open = 0;
        } else if (c != ' ' && c != '-' && c != '.') {
            *why = "a character other than digits, a leading '+', spaces, "
                   "'-', '.', '(' and ')'";
            return -1;
        }
    }
    if (open) {
        *why = "unbalanced parentheses";
        return -1;
    }
    if (digits < 6) {
        *why = "fewer than 6 digits";
        return -1;
    }
    if (digits > 20) {
        *why = "more than 20 digits";
        return -1;
    }
    return 0;
}

/* Codes of width w packed one after another, in order, for a linear
 * search (a few hundred bytes: not worth more). */
static int
in_codes(const char *codes, size_t w, const char *s)
{
    if (strlen(s) != w)
        return 0;
    for (; *codes; codes += w)
        if (memcmp(codes, s, w) == 0)
            return 1;
    return 0;
}

/* ISO 3166-1 alpha-2, the officially assigned codes (249), and XK. */
static const char countries[] = "ADAEAFAGAIALAMAOAQARASATAUAWAXAZ"
                                "BABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZ"
                                "CACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZ"
                                "DEDJDKDMDODZ"
                                "ECEEEGEHERESET"
                                "FIFJFKFMFOFR"
                                "GAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGY"
                                "HKHMHNHRHTHU"
                                "IDIEILIMINIOIQIRISIT"
                                "JEJMJOJP"
                                "KEKGKHKIKMKNKPKRKWKYKZ"
                                "LALBLCLILKLRLSLTLULVLY"
                                "MAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZ"
                                "NANCNENFNGNINLNONPNRNUNZ"
                                "OM"
                                "PAPEPFPGPHPKPLPMPNPRPSPTPWPY"
                                "QA"
                                "RERORSRURW"
                                "SASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZ"
                                "TCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZ"
                                "UAUGUMUSUYUZ"
                                "VAVCVEVGVIVNVU"
                                "WFWS"
                                "XK"
                                "YEYT"
                                "ZAZMZW";

int
contact_country_valid(const char *s)
{
    return is_upper((unsigned char)s[0]) && is_upper((unsigned char)s[1]) &&
           in_codes(countries, 2, s);
}

/* ISO 639-1 (183 codes; bh, withdrawn, is not among them). */
static const char languages[] =
    "aaabaeafakamanarasavayazbabebgbibmbnbobrbscacechcocrcscucvcy"
    "dadedvdzeeeleneoeseteufafffifjfofrfygagdglgngugvhahehihohrht"
    "huhyhziaidieigiiikioisitiujajvkakgkikjkkklkmknkokrkskukvkwky"
    "lalblglilnloltlulvmgmhmimkmlmnmrmsmtmynanbndnengnlnnnonrnvny"
    "ocojomorospapiplpsptqurmrnrorurwsascsdsesgsiskslsmsnsosqsrss"
    "stsusvswtatetgthtitktltntotrtstttwtyugukuruzvevivowawoxhyiyo"
    "zazhzu";

int
contact_language_valid(const char *s)
{
    return is_lower((unsigned char)s[0]) && is_lower((unsigned char)s[1]) &&
           in_codes(languages, 2, s);
}

/* ISO 3166-2 subdivisions whose codes are a country's region. */
static const struct {
    char country[3];
    const char *const *codes; /* NULL-terminated */
    const char *why;
} region_tables[] = {
    { "US",
      (const char *const[]){
          "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA",
          "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD",
          "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
          "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
          "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
          "DC", "AS", "GU", "MP", "PR", "UM", "VI", NULL },
      "not a state, district or outlying area of US" },
    { "CA",
      (const char *const[]){ "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU",
                             "ON", "PE", "QC", "SK", "YT", NULL },
      "not a province or territory of CA" },
    { "AU",
      (const char *const[]){ "ACT", "NSW", "NT", "QLD", "SA", "TAS", "VIC",
                             "WA", NULL },
      "not a state or territory of AU" },
};

static int
same_country(const char *table, const char *country)
{
    return strlen(country) == 2 && (country[0] & ~0x20) == table[0] &&
           (country[1] & ~0x20) == table[1];
}

int
contact_region_check(const char *country, const char *region, const char **why)
{
    size_t n = strlen(region);

    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_upper((unsigned char)region[i]) &&
            !is_digit((unsigned char)region[i]))
            n = 0;
    if (n == 0 || n > 3) {
        *why = "not 1 to 3 upper-case letters or digits";
        return -1;
    }
    if (country[0] == '\0') {
        *why = "a region needs a country";
        return -1;
    }
    for (size_t t = 0; t < sizeof(region_tables) / sizeof(region_tables[0]);
         t++) {
        if (!same_country(region_tables[t].country, country))
            continue;
        for (const char *const *c = region_tables[t].codes; *c; c++)
            if (strcmp(*c, region) == 0)
                return 0;
        *why = region_tables[t].why;
        return -1;
    }
    return 0;
}

static const char *const kind_names[] = {
    [CUSTOMER_BUSINESS] = "business",
    [CUSTOMER_SOLE_TRADER] = "sole_trader",
    [CUSTOMER_CONSUMER] = "consumer",
};

int
contact_kind_parse(const char *s)
{
    for (int k = CUSTOMER_BUSINESS; k <= CUSTOMER_CONSUMER; k++)
        if (strcmp(s, kind_names[k]) == 0)
            return k;
    return -1;
}

const char *
contact_kind_name(enum customer_kind k)
{
    if ((unsigned)k > CUSTOMER_CONSUMER)
        return kind_names[CUSTOMER_BUSINESS];
    return kind_names[k];
}
