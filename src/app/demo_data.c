/*
 * demo_data.c - deterministic demo data: customers, a year of invoices and
 * the payments hidden payer behaviours make, as canonical CSV.
 *
 * Writes the three files it is asked for and nothing else; reads nothing.
 * Never reads the clock and never calls rand(): one splitmix64 stream
 * seeded from the options drives every choice, and every sort has a total
 * order, so the bytes are a function of the options alone. No floating
 * point: amounts are integer cents from start to end.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo_data.h"
#include "core/date.h"
#include "core/money.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "core/sort.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* USD, GBP and EUR all count in hundredths (checked in gen_init). */
#define DEMO_EXPONENT 2

/* ---- Random numbers ------------------------------------------------- */

struct rng {
    uint64_t s;
};

/* splitmix64 (Steele, Lea and Flood 2014, as in java.util.SplittableRandom):
 * passes BigCrush, any seed is fine, one word of state. */
static uint64_t
rng_next(struct rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0. The modulo bias is below n / 2^64. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
    assert(n > 0);
    return (uint32_t)(rng_next(r) % n);
}

/* Uniform in [lo, hi]. */
static int
rng_range(struct rng *r, int lo, int hi)
{
    assert(lo <= hi);
    return lo + (int)rng_below(r, (uint32_t)(hi - lo) + 1);
}

/* 1 with probability per_mille / 1000. */
static int
rng_chance(struct rng *r, int per_mille)
{
    return (int)rng_below(r, 1000) < per_mille;
}

/* Index into weights[0..n-1], chosen in proportion to the weights. */
static size_t
rng_weighted(struct rng *r, const unsigned char *w, size_t n)
{
    unsigned total = 0, x;
    size_t i;

    for (i = 0; i < n; i++)
        total += w[i];
    x = rng_below(r, total);
    for (i = 0; x >= w[i]; i++)
        x -= w[i];
    return i;
}

/* ---- The made-up world ---------------------------------------------- */

struct strs {
    const char *const *v;
    uint32_t n;
};

#define STRS(...)                                                              \
    {                                                                          \
        (const char *const[]){ __VA_ARGS__ },                                  \
            sizeof((const char *const[]){ __VA_ARGS__ }) /                     \
                sizeof(const char *)                                           \
    }

static const char *
pick(struct rng *r, const struct strs *s)
{
    return s->v[rng_below(r, s->n)];
}

struct desc {
    const char *text;
    int periodic; /* followed by the billed month, "2026-03" */
};

static const struct desc desc_en[] = {
    { "Consulting hours", 0 },
    { "Monthly maintenance", 1 },
    { "Parts and labour", 0 },
    { "Catering, staff party", 0 },
    { "Design work, phase 2", 0 },
    { "Delivery", 0 },
    { "Software licence", 1 },
    { "Repair, call-out", 0 },
    { "Subscription", 1 },
    { "Installation", 0 },
    { "Catering, event \"Spring\"", 0 },
};
static const struct desc desc_de[] = {
    { "Wartung", 1 },
    { "Beratung", 0 },
    { "Material und Arbeitszeit", 0 },
    { "Lieferung", 0 },
    { "Reparatur, Anfahrt", 0 },
    { "Softwarelizenz", 1 },
    { "Montage", 0 },
    { "Druckauftrag Flyer „Sommerfest“", 0 },
};
static const struct desc desc_fr[] = {
    { "Prestation de service", 0 },
    { "Maintenance mensuelle", 1 },
    { "Livraison", 0 },
    { "Réparation, déplacement", 0 },
    { "Conception graphique, phase 2", 0 },
    { "Abonnement", 1 },
    { "Installation", 0 },
    { "Traiteur, soirée \"Printemps\"", 0 },
};
static const struct desc desc_nl[] = {
    { "Onderhoud", 1 },  { "Levering", 0 },
    { "Advieswerk", 0 }, { "Reparatie, voorrijkosten", 0 },
    { "Abonnement", 1 }, { "Installatie", 0 },
    { "Drukwerk", 0 },
};

enum country_id { CTRY_US, CTRY_GB, CTRY_DE, CTRY_FR, CTRY_NL, CTRY_COUNT };

struct city {
    const char *name;
    const char *area;   /* dialling area code, as written after +CC */
    const char *prefix; /* GB postcode area */
    int post_lo, post_hi;
};

struct country {
    const char *code, *currency, *language;
    int street_first;     /* "Hauptstraße 12" rather than "12 High Street" */
    int trade_first;      /* "Boulangerie Moreau SARL" */
    const char *partners; /* "Smith, Jones & Partners" */
    const char *nickname; /* the rare name with double quotes */
    struct city cities[6];
    struct strs streets, stems, trades, suffixes, mailboxes;
    const struct desc *desc;
    uint32_t ndesc;
};

static const unsigned char country_weight[CTRY_COUNT] = { 35, 20, 20, 15, 10 };

static const struct country countries[CTRY_COUNT] = {
    [CTRY_US] = {
        "US", "USD", "en", 0, 0, "Partners", "The Original",
        { { "Springfield", "217", "", 62701, 62712 },
          { "Portland", "503", "", 97201, 97239 },
          { "Austin", "512", "", 78701, 78759 },
          { "Madison", "608", "", 53703, 53726 },
          { "Albany", "518", "", 12202, 12211 },
          { "Boulder", "303", "", 80301, 80310 } },
        STRS("Main Street", "Oak Avenue", "Market Street", "2nd Avenue",
             "Maple Drive", "Commerce Boulevard"),
        STRS("Acme", "Northwind", "Summit", "Blue Harbor", "Brightside",
             "Greenleaf", "Liberty", "Redwood", "Lakeside", "Pioneer",
             "Keystone", "Cedar Ridge", "Smith", "Garcia", "Baker"),
        STRS("Supplies", "Consulting", "Bakery", "Logistics", "Design",
             "Plumbing", "Print Shop", "Catering", "Software",
             "Auto Repair", "Florist", "Electric"),
        STRS("Inc.", "LLC", "Co."),
        STRS("accounts", "ap", "billing", "office"),
        desc_en, NELEM(desc_en),
    },
    [CTRY_GB] = {
        "GB", "GBP", "en", 0, 0, "Partners", "The Original",
        { { "Leeds", "113", "LS", 1, 28 },
          { "Bristol", "117", "BS", 1, 16 },
          { "York", "1904", "YO", 1, 32 },
          { "Norwich", "1603", "NR", 1, 14 },
          { "Manchester", "161", "M", 1, 40 },
          { "Cardiff", "29", "CF", 3, 24 } },
        STRS("High Street", "Station Road", "Church Lane", "Mill Lane",
             "Victoria Road", "The Green"),
        STRS("Crown", "Thames", "Albion", "Kingsway", "Oakwood", "Highgate",
             "Bramley", "Windsor", "O'Brien", "Pennine", "Taylor",
             "Evans"),
        STRS("Supplies", "Consulting", "Joinery", "Logistics", "Design",
             "Plumbing", "Printers", "Catering", "Software", "Motors",
             "Florists", "Electrical"),
        STRS("Ltd", "Ltd", "PLC"),
        STRS("accounts", "finance", "office"),
        desc_en, NELEM(desc_en),
    },
    [CTRY_DE] = {
        "DE", "EUR", "de", 1, 0, "Partner", "Zum Löwen",
        { { "München", "89", "", 80331, 81929 },
          { "Köln", "221", "", 50667, 51149 },
          { "Düsseldorf", "211", "", 40210, 40629 },
          { "Leipzig", "341", "", 4103, 4357 },
          { "Lübeck", "451", "", 23552, 23570 },
          { "Nürnberg", "911", "", 90402, 90491 } },
        STRS("Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße",
             "Lindenallee", "Am Mühlbach"),
        STRS("Müller", "Schäfer & Söhne", "Becker", "Hoffmann", "Weiß",
             "Krüger", "Schröder", "Fröhlich", "Köhler", "Wagner",
             "Schmidt"),
        STRS("Haustechnik", "Metallbau", "Druckerei", "Elektro", "Logistik",
             "Gartenbau", "Softwareentwicklung", "Baustoffe", "Bäckerei"),
        STRS("GmbH", "GmbH", "KG", "e.K.", "GmbH & Co. KG"),
        STRS("buchhaltung", "rechnung", "info"),
        desc_de, NELEM(desc_de),
    },
    [CTRY_FR] = {
        "FR", "EUR", "fr", 0, 1, "Associés", "Le Petit",
        { { "Lyon", "4 72", "", 69001, 69009 },
          { "Besançon", "3 81", "", 25000, 25000 },
          { "Nîmes", "4 66", "", 30000, 30900 },
          { "Orléans", "2 38", "", 45000, 45100 },
          { "Bordeaux", "5 56", "", 33000, 33800 },
          { "Lille", "3 20", "", 59000, 59800 } },
        STRS("rue de la Paix", "avenue Jean-Jaurès", "place du Marché",
             "boulevard Victor-Hugo", "rue des Écoles"),
        STRS("Lefèvre", "Moreau", "Dubois", "Girard", "Roussel", "Bérard",
             "Lemaître", "Fournier", "Dupont", "Garnier"),
        STRS("Boulangerie", "Atelier", "Garage", "Imprimerie", "Traiteur",
             "Menuiserie", "Plomberie", "Cabinet", "Pâtisserie"),
        STRS("SARL", "SAS", "EURL"),
        STRS("compta", "facturation", "contact"),
        desc_fr, NELEM(desc_fr),
    },
    [CTRY_NL] = {
        "NL", "EUR", "nl", 1, 1, "Partners", "De Gouden Leeuw",
        { { "Utrecht", "30", "", 3511, 3585 },
          { "Den Haag", "70", "", 2511, 2597 },
          { "Groningen", "50", "", 9711, 9747 },
          { "Zwolle", "38", "", 8011, 8045 },
          { "Eindhoven", "40", "", 5611, 5658 },
          { "Haarlem", "23", "", 2011, 2037 } },
        STRS("Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg",
             "Julianalaan"),
        STRS("De Vries", "Jansen", "Van der Berg", "Bakker", "Visser",
             "Smit", "Van Dijk", "Mulder", "De Boer"),
        STRS("Bakkerij", "Installatiebedrijf", "Drukkerij", "Transport",
             "Schildersbedrijf", "Hoveniersbedrijf", "Coöperatie"),
        STRS("B.V.", "B.V.", "V.O.F."),
        STRS("administratie", "facturen", "info"),
        desc_nl, NELEM(desc_nl),
    },
};

enum payer { PAYER_RELIABLE, PAYER_SLOW, PAYER_BAD, PAYER_DISPUTER };
static const unsigned char payer_weight[] = { 55, 25, 12, 8 };

enum method { PAY_TRANSFER, PAY_CARD, PAY_DIRECT_DEBIT, PAY_CHEQUE };
static const char *const method_names[] = { "transfer", "card", "direct_debit",
                                            "cheque" };
static const unsigned char method_weight[] = { 50, 17, 17, 16 };

static const int terms_days[] = { 0, 14, 30, 60 };
static const unsigned char terms_weight[] = { 10, 25, 50, 15 };

/* Invoices a month: 1 .. 6, three on average. */
static const unsigned char rate_weight[] = { 15, 25, 25, 20, 10, 5 };

/* Customer size: small, medium, large. Credit limits in whole units;
 * invoice totals in cents from four bands. */
static const unsigned char size_weight[] = { 50, 35, 15 };
static const int credit_units[3][3] = { { 1000, 2500, 5000 },
                                        { 5000, 10000, 25000 },
                                        { 25000, 50000, 100000 } };
static const int64_t band_lo[] = { 5000, 20000, 100000, 500000 };
static const int64_t band_hi[] = { 20000, 100000, 500000, 2000000 };
static const unsigned char band_weight[3][4] = { { 40, 45, 13, 2 },
                                                 { 15, 40, 35, 10 },
                                                 { 5, 25, 45, 25 } };

/* ---- Generated records ----------------------------------------------- */

struct cust {
    unsigned char country, payer, size, method;
    int terms;
};

struct inv {
    int32_t issue;
    uint32_t seq; /* creation order: ties in issue date sort by it */
    uint32_t cust;
    uint32_t desc;
    int64_t total;
};

struct pay {
    int32_t date;
    uint32_t seq;
    uint32_t inv; /* index into gen.inv */
    unsigned char method, unapplied, thanks;
    int cheque;
    int64_t amount;
};

struct gen {
    struct rng rng;
    int32_t as_of, first_day;
    struct cust *cust;
    size_t ncust;
    struct inv *inv;
    size_t ninv, inv_cap;
    struct pay *pay;
    size_t npay, pay_cap;
    const char *city; /* of the customer being made */
    struct sbuf row, name, slug, email, phone, addr, post, text;
};

static void
gen_init(struct gen *g, const struct demo_data_opts *o)
{
    memset(g, 0, sizeof(*g));
    /* Mixed once so that seeds 0, 1, 2 ... start far apart. */
    g->rng.s = o->seed ^ UINT64_C(0x64756e2064656d6f); /* "dun demo" */
    g->as_of = o->as_of;
    g->first_day = date_add_days(date_add_months(o->as_of, -12), 1);
    g->ncust = (size_t)o->customers;
    g->cust = xcalloc(g->ncust, sizeof(*g->cust));
    sbuf_init(&g->row, 0);
    sbuf_init(&g->name, 0);
    sbuf_init(&g->slug, 0);
    sbuf_init(&g->email, 0);
    sbuf_init(&g->phone, 0);
    sbuf_init(&g->addr, 0);
    sbuf_init(&g->post, 0);
    sbuf_init(&g->text, 0);
    for (size_t i = 0; i < CTRY_COUNT; i++)
        assert(currency_exponent(countries[i].currency, 3) == DEMO_EXPONENT);
}

static void
gen_release(struct gen *g)
{
    free(g->cust);
    free(g->inv);
    free(g->pay);
    sbuf_release(&g->row);
    sbuf_release(&g->name);
    sbuf_release(&g->slug);
    sbuf_release(&g->email);
    sbuf_release(&g->phone);
    sbuf_release(&g->addr);
    sbuf_release(&g->post);
    sbuf_release(&g->text);
}

/* ---- Output files ---------------------------------------------------- */

struct out {
    FILE *fp;
    struct sbuf path; /* final name, for messages */
    struct sbuf tmp;  /* written here, renamed at the end */
    int pending;      /* tmp exists and is ours to remove */
};

#define OUT_INIT                                                               \
    {                                                                          \
        NULL, SBUF_INIT, SBUF_INIT, 0                                          \
    }

static int
out_fail(struct out *f, int errnum, struct dun_err *err)
{
    char buf[128];

    return dun_err_set(err, DUN_E_IO, "%s: cannot write: %s", f->path.buf,
                       errstr(errnum, buf, sizeof(buf)));
}

static int
out_open(struct out *f, const char *dir, const char *name, struct dun_err *err)
{
    size_t n = strlen(dir);

    sbuf_addstr(&f->path, dir);
    if (n && dir[n - 1] != '/')
        sbuf_addch(&f->path, '/');
    sbuf_addstr(&f->path, name);
    sbuf_addf(&f->tmp, "%s.tmp", f->path.buf);
    if ((f->fp = fopen(f->tmp.buf, "w")) == NULL)
        return out_fail(f, errno, err);
    f->pending = 1;
    return 0;
}

/* RFC 4180: quote a field only if it holds a comma, quote, CR or LF, and
 * double the quotes inside. */
static void
csv_add_field(struct sbuf *row, const char *s)
{
    if (s[strcspn(s, ",\"\r\n")] == '\0') {
        sbuf_addstr(row, s);
        return;
    }
    sbuf_addch(row, '"');
    for (; *s; s++) {
        if (*s == '"')
            sbuf_addch(row, '"');
        sbuf_addch(row, *s);
    }
    sbuf_addch(row, '"');
}

static int
out_row(struct out *f, struct sbuf *row, const char *const *fields, size_t n,
        struct dun_err *err)
{
    sbuf_reset(row);
    for (size_t i = 0; i < n; i++) {
        if (i)
            sbuf_addch(row, ',');
        csv_add_field(row, fields[i]);
    }
    sbuf_addch(row, '\n');
    if (fwrite(row->buf, 1, row->len, f->fp) != row->len)
        return out_fail(f, errno, err);
    return 0;
}

static int
out_header(struct out *f, const char *header, struct dun_err *err)
{
    if (fputs(header, f->fp) == EOF || fputc('\n', f->fp) == EOF)
        return out_fail(f, errno, err);
    return 0;
}

/* Flush and close: the write errors a full disk reports late come here. */
static int
out_close(struct out *f, struct dun_err *err)
{
    FILE *fp = f->fp;
    int bad;

    f->fp = NULL;
    bad = ferror(fp);
    if (fclose(fp) != 0 || bad)
        return out_fail(f, bad ? EIO : errno, err);
    return 0;
}

static int
out_commit(struct out *f, struct dun_err *err)
{
    if (rename(f->tmp.buf, f->path.buf) < 0)
        return out_fail(f, errno, err);
    f->pending = 0;
    return 0;
}

/* Safe at any stage: closes what is open, removes what was not renamed. */
static void
out_release(struct out *f)
{
    if (f->fp)
        fclose(f->fp); /* abandoned: its data does not matter */
    f->fp = NULL;
    if (f->pending)
        remove(f->tmp.buf);
    f->pending = 0;
    sbuf_release(&f->path);
    sbuf_release(&f->tmp);
}

/* ---- Customers ------------------------------------------------------- */

/* Lower-case ASCII for a domain name: letters transliterated the German
 * way (ü -> ue), other accents dropped (é -> e), runs of anything else
 * become one '-'. */
static void
add_slug(struct sbuf *sb, const char *s)
{
    static const struct {
        const char *utf8, *ascii;
    } map[] = {
        { "ä", "ae" }, { "ö", "oe" }, { "ü", "ue" }, { "ß", "ss" },
        { "Ä", "ae" }, { "Ö", "oe" }, { "Ü", "ue" }, { "é", "e" },
        { "è", "e" },  { "ê", "e" },  { "ë", "e" },  { "É", "e" },
        { "à", "a" },  { "â", "a" },  { "ç", "c" },  { "î", "i" },
        { "ï", "i" },  { "ô", "o" },  { "û", "u" },  { "ù", "u" },
    };
    int dash = sb->len > 0 && sb->buf[sb->len - 1] != '-';

    while (*s) {
        unsigned char c = (unsigned char)*s;
        size_t i;

        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            (c >= 'A' && c <= 'Z')) {
            if (dash)
                sbuf_addch(sb, '-');
            dash = 0;
            sbuf_addch(sb, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
            s++;
            continue;
        }
        for (i = 0; i < NELEM(map); i++)
            if (strncmp(s, map[i].utf8, strlen(map[i].utf8)) == 0)
                break;
        if (i < NELEM(map)) {
            if (dash)
                sbuf_addch(sb, '-');
            dash = 0;
            sbuf_addstr(sb, map[i].ascii);
            s += strlen(map[i].utf8);
            continue;
        }
        /* An apostrophe joins (O'Brien -> obrien); all else separates. */
        if (c != '\'' && sb->len)
            dash = 1;
        s++;
    }
}

/*
 * A business name, and the slug of its distinctive part for the e-mail
 * domain. About 5% name two partners with a comma; quoted asks for the
 * rare name with double quotes; a fifth are just "Müller GmbH".
 */
static void
make_name(struct gen *g, const struct country *ct, int quoted)
{
    struct rng *r = &g->rng;
    uint32_t si = rng_below(r, ct->stems.n);
    const char *stem = ct->stems.v[si], *trade = pick(r, &ct->trades);
    const char *suffix = pick(r, &ct->suffixes);
    int form = rng_range(r, 0, 99);

    sbuf_reset(&g->name);
    sbuf_reset(&g->slug);
    if (quoted) {
        sbuf_addf(&g->name, "%s \"%s\" %s", stem, ct->nickname, suffix);
        add_slug(&g->slug, stem);
    } else if (form < 5) {
        /* Any stem but the first: every list has two at least. */
        const char *other =
            ct->stems.v[(si + 1 + rng_below(r, ct->stems.n - 1)) % ct->stems.n];

        sbuf_addf(&g->name, "%s, %s & %s", stem, other, ct->partners);
        add_slug(&g->slug, stem);
        add_slug(&g->slug, other);
    } else if (form < 25) {
        sbuf_addf(&g->name, "%s %s", stem, suffix);
        add_slug(&g->slug, stem);
    } else {
        if (ct->trade_first)
            sbuf_addf(&g->name, "%s %s %s", trade, stem, suffix);
        else
            sbuf_addf(&g->name, "%s %s %s", stem, trade, suffix);
        add_slug(&g->slug, stem);
        add_slug(&g->slug, trade);
    }
}

static void
make_contact(struct gen *g, enum country_id cid, size_t n)
{
    static const char letters[] = "ABDEFGHJLNPQRSTUWXYZ";
    struct rng *r = &g->rng;
    const struct country *ct = &countries[cid];
    const struct city *city = &ct->cities[rng_below(r, NELEM(ct->cities))];
    const char *street = pick(r, &ct->streets);
    int house = rng_range(r, 1, 250);

    sbuf_reset(&g->email);
    /* Numbered so that two shops of the same name differ; .example is
     * reserved (RFC 2606), so no demo mail can reach a real domain. */
    sbuf_addf(&g->email, "%s@%s-%zu.example", pick(r, &ct->mailboxes),
              g->slug.buf, n);

    sbuf_reset(&g->phone);
    switch (cid) {
    case CTRY_US:
        /* 555-0100 .. 555-0199 are reserved for fiction. */
        sbuf_addf(&g->phone, "+1 %s-555-%04d", city->area,
                  rng_range(r, 100, 199));
        break;
    case CTRY_GB:
        /* 496 0000 .. 0999 are Ofcom's numbers for drama. */
        sbuf_addf(&g->phone, "+44 %s 496 %04d", city->area,
                  rng_range(r, 0, 999));
        break;
    case CTRY_DE:
        sbuf_addf(&g->phone, "+49 %s %d", city->area,
                  rng_range(r, 2000000, 9999999));
        break;
    case CTRY_FR:
        sbuf_addf(&g->phone, "+33 %s %02d %02d %02d", city->area,
                  rng_range(r, 0, 99), rng_range(r, 0, 99),
                  rng_range(r, 0, 99));
        break;
    default:
        sbuf_addf(&g->phone, "+31 %s %03d %04d", city->area,
                  rng_range(r, 100, 999), rng_range(r, 0, 9999));
        break;
    }

    sbuf_reset(&g->addr);
    if (ct->street_first)
        sbuf_addf(&g->addr, "%s %d", street, house);
    else if (cid == CTRY_US && rng_chance(r, 100))
        sbuf_addf(&g->addr, "%d %s, Suite %d", house * 10 + 4, street,
                  rng_range(r, 100, 450));
    else if (cid == CTRY_US)
        sbuf_addf(&g->addr, "%d %s", house * 10 + 4, street);
    else if (cid == CTRY_GB && rng_chance(r, 100))
        sbuf_addf(&g->addr, "Unit %d, %d %s", rng_range(r, 1, 12), house,
                  street);
    else
        sbuf_addf(&g->addr, "%d %s", house, street);

    sbuf_reset(&g->post);
    if (cid == CTRY_GB)
        sbuf_addf(&g->post, "%s%d %d%c%c", city->prefix,
                  rng_range(r, city->post_lo, city->post_hi),
                  rng_range(r, 1, 9), letters[rng_below(r, 20)],
                  letters[rng_below(r, 20)]);
    else if (cid == CTRY_NL)
        sbuf_addf(&g->post, "%04d %c%c",
                  rng_range(r, city->post_lo, city->post_hi),
                  letters[rng_below(r, 20)], letters[rng_below(r, 20)]);
    else
        sbuf_addf(&g->post, "%05d", rng_range(r, city->post_lo, city->post_hi));
    g->city = city->name;
}

static void
add_invoice(struct gen *g, const struct inv *iv)
{
    if (g->ninv == g->inv_cap) {
        g->inv_cap = g->inv_cap ? 2 * g->inv_cap : 1024;
        g->inv = xreallocarray(g->inv, g->inv_cap, sizeof(*g->inv));
    }
    g->inv[g->ninv++] = *iv;
}

/*
 * One customer's invoices over the months it has been a customer: about
 * rate a month, issued on weekdays, totals from its size's bands, half of
 * them round amounts.
 */
static void
make_invoices(struct gen *g, uint32_t ci)
{
    struct rng *r = &g->rng;
    const struct cust *c = &g->cust[ci];
    const struct country *ct = &countries[c->country];
    int32_t span = g->as_of - g->first_day + 1, start = g->first_day;
    int rate = (int)rng_weighted(r, rate_weight, NELEM(rate_weight)) + 1;
    int n;

    /* Some customers came during the year; each has two months at least. */
    if (rng_chance(r, 150))
        start += rng_range(r, 0, span - 61);
    span = g->as_of - start + 1;
    n = (rate * span + 15) / 30 + rng_range(r, -rate, rate);
    if (n < 1)
        n = 1;
    for (int k = 0; k < n; k++) {
        struct inv iv = { 0 };
        size_t band = rng_weighted(r, band_weight[c->size], 4);

        /* Invoices go out on weekdays; a span of 61 days has some. */
        do
            iv.issue = start + rng_range(r, 0, span - 1);
        while (date_weekday(iv.issue) >= 6);
        iv.seq = (uint32_t)g->ninv;
        iv.cust = ci;
        iv.desc = rng_below(r, ct->ndesc);
        iv.total = band_lo[band] +
                   (int64_t)(rng_next(r) %
                             (uint64_t)(band_hi[band] - band_lo[band] + 1));
        if (rng_chance(r, 500))
            iv.total -= iv.total % 100;
        add_invoice(g, &iv);
    }
}

static int
write_customers(struct gen *g, struct out *f, struct dun_err *err)
{
    struct rng *r = &g->rng;
    uint32_t quoted1 = rng_below(r, (uint32_t)g->ncust);
    uint32_t quoted2 = rng_below(r, (uint32_t)g->ncust);

    if (out_header(f,
                   "id,name,email,phone,address,city,postal_code,"
                   "country,language,payment_terms_days,credit_limit,"
                   "currency",
                   err) < 0)
        return -1;
    for (uint32_t i = 0; i < g->ncust; i++) {
        struct cust *c = &g->cust[i];
        const struct country *ct;
        char id[16], terms[8], limit[MONEY_FMT_MAX];
        const char *fields[12];

        c->country = (unsigned char)rng_weighted(r, country_weight, CTRY_COUNT);
        c->payer =
            (unsigned char)rng_weighted(r, payer_weight, NELEM(payer_weight));
        c->size =
            (unsigned char)rng_weighted(r, size_weight, NELEM(size_weight));
        c->method =
            (unsigned char)rng_weighted(r, method_weight, NELEM(method_weight));
        /* A direct debit is collected on the due date: only a reliable
         * payer's bank would honour one every time. */
        if (c->method == PAY_DIRECT_DEBIT && c->payer != PAYER_RELIABLE)
            c->method = PAY_TRANSFER;
        c->terms =
            terms_days[rng_weighted(r, terms_weight, NELEM(terms_weight))];
        ct = &countries[c->country];
        make_name(g, ct, i == quoted1 || i == quoted2);
        make_contact(g, (enum country_id)c->country, i + 1);
        snprintf(id, sizeof(id), "C%04u", (unsigned)i + 1);
        snprintf(terms, sizeof(terms), "%d", c->terms);
        money_format((int64_t)credit_units[c->size][rng_below(r, 3)] * 100,
                     DEMO_EXPONENT, limit);
        fields[0] = id;
        fields[1] = g->name.buf;
        fields[2] = g->email.buf;
        fields[3] = g->phone.buf;
        fields[4] = g->addr.buf;
        fields[5] = g->city;
        fields[6] = g->post.buf;
        fields[7] = ct->code;
        fields[8] = ct->language;
        fields[9] = terms;
        fields[10] = limit;
        fields[11] = ct->currency;
        if (out_row(f, &g->row, fields, NELEM(fields), err) < 0)
            return -1;
        make_invoices(g, i);
    }
    return 0;
}

/* ---- Invoices -------------------------------------------------------- */

static int
inv_cmp(const void *a, const void *b)
{
    const struct inv *x = a, *y = b;

    if (x->issue != y->issue)
        return x->issue < y->issue ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
invoice_number(size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "INV-%06zu", i + 1);
}

static int
write_invoices(struct gen *g, struct out *f, struct dun_err *err)
{
    if (out_header(f,
                   "number,customer_id,issue_date,due_date,currency,"
                   "total,description",
                   err) < 0)
        return -1;
    for (size_t i = 0; i < g->ninv; i++) {
        const struct inv *iv = &g->inv[i];
        const struct cust *c = &g->cust[iv->cust];
        const struct country *ct = &countries[c->country];
        const struct desc *d = &ct->desc[iv->desc];
        char num[32], cid[16], issue[DATE_ISO_LEN + 1];
        char due[DATE_ISO_LEN + 1], total[MONEY_FMT_MAX];
        const char *fields[7];

        invoice_number(i, num, sizeof(num));
        snprintf(cid, sizeof(cid), "C%04u", (unsigned)iv->cust + 1);
        date_iso(iv->issue, issue);
        date_iso(date_add_days(iv->issue, c->terms), due);
        money_format(iv->total, DEMO_EXPONENT, total);
        sbuf_reset(&g->text);
        sbuf_addstr(&g->text, d->text);
        if (d->periodic) /* the billed month, "2026-03" */
            sbuf_addf(&g->text, " %.7s", issue);
        fields[0] = num;
        fields[1] = cid;
        fields[2] = issue;
        fields[3] = due;
        fields[4] = ct->currency;
        fields[5] = total;
        fields[6] = g->text.buf;
        if (out_row(f, &g->row, fields, NELEM(fields), err) < 0)
            return -1;
    }
    return 0;
}

/* ---- Payments -------------------------------------------------------- */

/* pct percent of total, by the one rounding rule. */
static int64_t
share(int64_t total, int pct)
{
    int64_t out = 0;
    int rc = money_percent(total, (int64_t)pct * 100, &out);

    assert(rc == 0); /* totals stay below 20,000.00 */
    (void)rc;
    return out;
}

/* Record a payment if it has happened by as_of; nobody pays an invoice
 * before it is issued. */
static void
add_payment(struct gen *g, uint32_t ii, int32_t date, int64_t amount)
{
    struct rng *r = &g->rng;
    const struct cust *c = &g->cust[g->inv[ii].cust];
    struct pay p = { 0 };

    assert(amount > 0);
    if (date < g->inv[ii].issue)
        date = g->inv[ii].issue;
    if (date > g->as_of)
        return;
    p.date = date;
    p.seq = (uint32_t)g->npay;
    p.inv = ii;
    p.amount = amount;
    p.method = c->method;
    if (p.method != PAY_DIRECT_DEBIT && rng_chance(r, 150))
        p.method = PAY_TRANSFER;
    /* Money on account: the customer forgot to say what it pays. */
    if (p.method != PAY_DIRECT_DEBIT && rng_chance(r, 20))
        p.unapplied = 1;
    p.thanks = (unsigned char)rng_chance(r, 50);
    p.cheque = rng_range(r, 100000, 999999);
    if (g->npay == g->pay_cap) {
        g->pay_cap = g->pay_cap ? 2 * g->pay_cap : 1024;
        g->pay = xreallocarray(g->pay, g->pay_cap, sizeof(*g->pay));
    }
    g->pay[g->npay++] = p;
}

/* What the customer's hidden behaviour pays against invoice ii. */
static void
make_payments_for(struct gen *g, uint32_t ii)
{
    struct rng *r = &g->rng;
    const struct inv *iv = &g->inv[ii];
    const struct cust *c = &g->cust[iv->cust];
    int32_t due = date_add_days(iv->issue, c->terms);
    int64_t total = iv->total, parts[3];
    int roll = rng_range(r, 0, 99);

    switch (c->payer) {
    case PAYER_RELIABLE:
        if (c->method == PAY_DIRECT_DEBIT)
            add_payment(g, ii, due, total);
        else if (roll < 15) /* some pay early */
            add_payment(g, ii, due - rng_range(r, 1, 5), total);
        else
            add_payment(g, ii, due + rng_range(r, 0, 10), total);
        break;
    case PAYER_SLOW: {
        int32_t when = due + rng_range(r, 15, 60);

        if (roll < 15) { /* two instalments */
            money_split(total, 2, parts);
            add_payment(g, ii, when, parts[0]);
            add_payment(g, ii, when + rng_range(r, 10, 40), parts[1]);
        } else {
            add_payment(g, ii, when, total);
        }
        break;
    }
    case PAYER_BAD:
        if (roll < 30) {
            /* never paid */
        } else if (roll < 65) { /* 1-3 instalments, 20-80% in all */
            size_t k = (size_t)rng_range(r, 1, 3);
            int32_t when = due + rng_range(r, 20, 50);

            money_split(share(total, rng_range(r, 20, 80)), k, parts);
            for (size_t j = 0; j < k; j++) {
                add_payment(g, ii, when, parts[j]);
                when += rng_range(r, 25, 35);
            }
        } else {
            add_payment(g, ii, due + rng_range(r, 60, 200), total);
        }
        break;
    default:           /* PAYER_DISPUTER */
        if (roll < 15) /* short-paid: the disputed part is withheld */
            add_payment(g, ii, due + rng_range(r, 10, 45),
                        total - share(total, rng_range(r, 5, 30)));
        else if (roll >= 30) /* 15-29: disputed outright, never paid */
            add_payment(g, ii, due + rng_range(r, 0, 30), total);
        break;
    }
}

static int
pay_cmp(const void *a, const void *b)
{
    const struct pay *x = a, *y = b;

    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
make_reference(struct sbuf *sb, const struct pay *p, const char *num,
               const char *cid)
{
    sbuf_reset(sb);
    if (p->method == PAY_CHEQUE) {
        sbuf_addf(sb, "cheque %06d", p->cheque);
    } else if (p->unapplied) {
        sbuf_addf(sb, "on account %s", cid);
    } else if (p->method == PAY_CARD) {
        sbuf_addf(sb, "card payment %s", num);
    } else if (p->method == PAY_DIRECT_DEBIT) {
        sbuf_addf(sb, "direct debit %s", num);
    } else {
        sbuf_addstr(sb, num);
        if (p->thanks)
            sbuf_addstr(sb, ", thank you");
    }
}

static int
write_payments(struct gen *g, struct out *f, struct dun_err *err)
{
    if (out_header(f,
                   "id,date,customer_id,invoice_number,amount,currency,"
                   "method,reference",
                   err) < 0)
        return -1;
    for (size_t i = 0; i < g->npay; i++) {
        const struct pay *p = &g->pay[i];
        const struct inv *iv = &g->inv[p->inv];
        const struct country *ct = &countries[g->cust[iv->cust].country];
        char id[24], date[DATE_ISO_LEN + 1], cid[16], num[32];
        char amount[MONEY_FMT_MAX];
        const char *fields[8];

        snprintf(id, sizeof(id), "P%06zu", i + 1);
        date_iso(p->date, date);
        snprintf(cid, sizeof(cid), "C%04u", (unsigned)iv->cust + 1);
        invoice_number(p->inv, num, sizeof(num));
        money_format(p->amount, DEMO_EXPONENT, amount);
        make_reference(&g->text, p, num, cid);
        fields[0] = id;
        fields[1] = date;
        fields[2] = cid;
        fields[3] = p->unapplied ? "" : num;
        fields[4] = amount;
        fields[5] = ct->currency;
        fields[6] = method_names[p->method];
        fields[7] = g->text.buf;
        if (out_row(f, &g->row, fields, NELEM(fields), err) < 0)
            return -1;
    }
    return 0;
}

/* ---- Entry point ----------------------------------------------------- */

static int
check_opts(const struct demo_data_opts *o, struct dun_err *err)
{
    if (o->customers < 1 || o->customers > DEMO_DATA_MAX_CUSTOMERS)
        return dun_err_set(err, DUN_E_INPUT,
                           "demo data: customers: not "
                           "between 1 and %d",
                           DEMO_DATA_MAX_CUSTOMERS);
    /* A year back and the longest terms ahead must stay in 1..9999. */
    if (o->as_of < date_from_ymd(2, 1, 1) ||
        o->as_of > date_from_ymd(9998, 12, 31))
        return dun_err_set(err, DUN_E_INPUT,
                           "demo data: as-of date: out "
                           "of range");
    return 0;
}

int
demo_data_write(const char *dir, const struct demo_data_opts *o,
                struct dun_err *err)
{
    static const char *const names[3] = { "customers.csv", "invoices.csv",
                                          "payments.csv" };
    struct out f[3] = { OUT_INIT, OUT_INIT, OUT_INIT };
    struct gen g;
    int rc = -1;

    if (check_opts(o, err) < 0)
        return -1;
    gen_init(&g, o);
    for (size_t i = 0; i < 3; i++)
        if (out_open(&f[i], dir, names[i], err) < 0)
            goto out;
    if (write_customers(&g, &f[0], err) < 0)
        goto out;
    /* Numbered as a business numbers them: in the order they were issued. */
    sort_array(g.inv, g.ninv, sizeof(*g.inv), inv_cmp);
    for (size_t i = 0; i < g.ninv; i++)
        make_payments_for(&g, (uint32_t)i);
    sort_array(g.pay, g.npay, sizeof(*g.pay), pay_cmp);
    if (write_invoices(&g, &f[1], err) < 0 ||
        write_payments(&g, &f[2], err) < 0)
        goto out;
    for (size_t i = 0; i < 3; i++)
        if (out_close(&f[i], err) < 0)
            goto out;
    for (size_t i = 0; i < 3; i++)
        if (out_commit(&f[i], err) < 0)
            goto out;
    rc = 0;
out:
    for (size_t i = 0; i < 3; i++)
        out_release(&f[i]);
    gen_release(&g);
    return rc;
}
