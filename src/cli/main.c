/*
 * main.c - the dun command: global options, then one command from a table.
 *
 * The only place that reads the clock (for the default --as-of) and the
 * only one that turns errors into exit codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/contact.h"
#include "core/date.h"
#include "core/money.h"
#include "core/xalloc.h"

static const struct cli_cmd commands[] = {
    {"init", cmd_init, CLI_OPEN_DB | CLI_CREATE_DB, "init",
     "Create a database (default ./dun.db) ready for imports, with the\n"
     "default collection policy (see 'dun policy show')."},
    {"import", cmd_import, CLI_OPEN_DB | CLI_HUGE_PAGES,
     "import customers|invoices|payments FILE [--map MAPPING] "
     "[--memory MB]",
     "Import a CSV file, all rows or none. Bad rows are listed as\n"
     "FILE:LINE: field: reason; rows already present and unchanged are\n"
     "skipped, changed ones updated and listed. Rows may come in any\n"
     "order: once they come back to a customer, the rest are stored a\n"
     "customer at a time, kept in at most MB megabytes of memory\n"
     "(default 64) and the rest in a temporary file. See\n"
     "docs/formats.md."},
    {"customers", cmd_customers, CLI_OPEN_DB, "customers",
     "List customers."},
    {"invoices", cmd_invoices, CLI_OPEN_DB,
     "invoices [--open] [--customer ID]",
     "List invoices with their open amounts (--open: only unpaid ones)."},
    {"statement", cmd_statement, CLI_OPEN_DB, "statement CUSTOMER [--pdf FILE]",
     "A customer's account: every invoice, credit note and payment in date\n"
     "order with the running balance per currency, as of --as-of. --pdf\n"
     "writes it as a letter to the customer instead (in its language, on\n"
     "letter.paper, with the open items and how to pay), whole or not at\n"
     "all; the same books and --as-of give the same bytes."},
    {"aging", cmd_aging, CLI_OPEN_DB, "aging [--detail] [--buckets 30,60,90]",
     "Open receivables per customer and currency by days past due, with\n"
     "unapplied credit and totals per currency, as of --as-of."},
    {"dso", cmd_dso, CLI_OPEN_DB, "dso [--days 90]",
     "Days sales outstanding per currency: the countback method (walk back\n"
     "day by day through sales until they add up to the receivable), and\n"
     "beside it the average method over --days."},
    {"check", cmd_check, CLI_OPEN_DB, "check [--repair]",
     "Recompute every balance from the ledger and compare with the kept\n"
     "balances, then check that every invoice number and payment id is\n"
     "found at its document (exit 1 if anything differs). --repair first\n"
     "throws the kept balances and the index of numbers away and rebuilds\n"
     "them from the documents."},
    {"policy", cmd_policy, 0, "policy check FILE | load FILE | show [VERSION] | list",
     "The collection policy (docs/policy.md). check: report every error in\n"
     "FILE as FILE:LINE: reason. load: check FILE and store it as the new\n"
     "version in force (old versions stay). show: print the policy in\n"
     "force, or VERSION. list: every stored version."},
    {"run", cmd_run, CLI_OPEN_DB, "run [--dry-run]",
     "The daily collection cycle as of --as-of: the policy in force applied\n"
     "to every customer who owes money. Plans one message per customer at\n"
     "the stage of the most overdue invoice, or says why not (dispute,\n"
     "promise, plan, do_not_contact, min_gap, weekly_cap, quiet_hours,\n"
     "grace, below_minimum, awaiting_approval, ...). --dry-run records\n"
     "nothing. The same date run twice plans nothing new."},
    {"customer", cmd_customer, CLI_OPEN_DB,
     "customer show ID | set ID [--[no-]do-not-contact] [--[no-]legal-hold] "
     "[--[no-]insolvent] [--[no-]pre-due-notices] [--[no-]cash-flow-trouble]"
     " [--segment NAME] [--score N] [--timezone ZONE] [--name TEXT]"
     " [--email ADDR] [--phone NUM] [--address LINE]... [--city TEXT]"
     " [--postal-code TEXT] [--country CC] [--region CODE] [--language LL]"
     " [--kind business|sole_trader|consumer] [--contact-name TEXT]",
     "show: the customer's record and what the collection cycle keeps of\n"
     "it. set: flags the collection cycle obeys: do-not-contact, legal hold and\n"
     "insolvency stop all contact; pre-due-notices opts in to a courtesy\n"
     "notice before a due date; --segment puts the customer in a segment of\n"
     "the policy in force by hand ('' to clear); --score sets the payer\n"
     "score; --timezone (IANA, e.g. America/Chicago; '' to clear) is where\n"
     "quiet hours are kept, else the usual zone of the customer's country,\n"
     "else the business's. The record: --email one bare address, --phone\n"
     "digits with a leading + and spaces, - . ( ), each --address one line\n"
     "of the address (300 bytes in all), --country ISO 3166-1 (DE),\n"
     "--region the state or province (CA for US-CA; a new country drops\n"
     "it), --language ISO 639-1 (de), --kind business, sole_trader or\n"
     "consumer, --contact-name the person letters are addressed to, as\n"
     "printed (Jane Doe; 100 bytes); '' clears any of them but the name.\n"
     "Documents and balances stay as they are."},
    {"dispute", cmd_dispute, CLI_OPEN_DB,
     "dispute open|resolve INVOICE --reason TEXT",
     "Open or resolve a dispute on an invoice, as of --as-of. A disputed\n"
     "invoice is left out of messages; the customer's others are not.\n"
     "--reason (why it is disputed, or how it was resolved) is at most\n"
     "2000 bytes and may have lines."},
    {"promise", cmd_promise, CLI_OPEN_DB,
     "promise CUSTOMER --amount X --by YYYY-MM-DD [--currency C]",
     "Record a promise to pay, made on --as-of: no contact until the date\n"
     "plus the policy's promise_grace_days; kept when payments reach the\n"
     "amount, otherwise the ladder resumes and says the promise was broken."},
    {"plan", cmd_plan, CLI_OPEN_DB,
     "plan CUSTOMER [--amount X] --installments N --first YYYY-MM-DD "
     "[--every DAYS] [--currency C] [--invoice NUM]... | list | "
     "show CUSTOMER | cancel CUSTOMER",
     "Record a payment plan agreed on --as-of: X in N installments every\n"
     "DAYS (default 30) from --first, split to the cent, on the invoices\n"
     "named by --invoice (default: the customer's invoices in the currency\n"
     "overdue on --as-of). X defaults to what is open on them and cannot\n"
     "exceed it. Only money paid to those invoices counts; while it keeps\n"
     "up (each installment by its date plus the policy's\n"
     "promise_grace_days) they are not chased, the customer's other\n"
     "invoices are. A missed installment resumes their ladder.\n"
     "list: each customer's plan in force on --as-of and its status (kept,\n"
     "complete, broken, cancelled). show: one plan's installments and\n"
     "invoices with what was paid toward each. cancel: end the plan on\n"
     "--as-of; its invoices return to their ladder."},
    {"note", cmd_note, CLI_OPEN_DB,
     "note CUSTOMER [--invoice N] [--reason R] TEXT",
     "A note in the customer's timeline: TEXT, at most 2000 bytes, may have\n"
     "lines. --reason (oversight, cash_flow, dissatisfied, wrong_amount,\n"
     "other) records why they do not pay: dissatisfied opens a dispute on\n"
     "--invoice; cash_flow makes the next message offer a payment plan."},
    {"call", cmd_note, CLI_OPEN_DB,
     "call CUSTOMER [--invoice N] [--reason R] OUTCOME",
     "Log the outcome of a phone call (as a note's text, at most 2000\n"
     "bytes); --reason as for 'dun note'."},
    {"outbox", cmd_outbox, CLI_OPEN_DB,
     "outbox [list] [--status S] [--since D] | show SEQ | export DIR "
     "[--status S] [--since D] | verify | mark SEQ... "
     "--sent|--void|--printed|--posted --reason R",
     "The messages the runs rendered and where each is on its way\n"
     "(planned, sending, sent, failed, bounced, void; letters printed,\n"
     "posted): list them (--status: in that state, --since: dated on or\n"
     "after D), show one as stored, or export them to DIR (SEQ.eml for\n"
     "e-mails, RFC 5322 with plain text and HTML, that a mail client\n"
     "opens; SEQ-letter.txt for letters; SEQ zero-padded so that the\n"
     "files sort). verify: render every message again from its saved\n"
     "data, compare the bytes. mark: record that messages went out by\n"
     "other means (--sent, --printed, --posted) or must not go (--void),\n"
     "with the reason."},
    {"tenant", cmd_tenant, CLI_OPEN_DB,
     "tenant show | set [--name X] [--address LINE]... [--email E] "
     "[--phone P] [--iban I] [--bic B] [--bank B] [--vat-id V] "
     "[--timezone ZONE] [--language LL] [--legal-name X] [--legal-form F] "
     "[--register-court C] [--register-number N] [--managing-directors D] "
     "[--registered-office O] [--share-capital S] [--website W] "
     "[--sort-code NN-NN-NN] [--account-number N] [--ach-routing N] "
     "[--ach-account N] [--checks-payable-to X] [--remit-to LINE]... "
     "[--country CC]",
     "The business as its messages present it: letterhead, contact and bank\n"
     "details (each --address is one line); --timezone is the zone for\n"
     "customers whose own is not known (UTC if not set); --language (ISO\n"
     "639-1) the language of customers whose own has no templates\n"
     "(English if not set). The footer a company's letters must carry:\n"
     "--legal-name (the registered name, if not --name), --legal-form\n"
     "(GmbH, Ltd, B.V., SAS, LLC), --register-court and --register-number\n"
     "(Amtsgericht Leipzig, HRB 12345; a UK company number), --managing-\n"
     "directors, --registered-office (one line), --share-capital. Bank\n"
     "details: --iban (its check digits checked; kept in upper case without\n"
     "spaces); UK --sort-code (6 digits, kept as 12-34-56) and\n"
     "--account-number (8 digits); US --ach-routing (9 digits, ABA check\n"
     "digit), --ach-account (4 to 17 digits), --checks-payable-to and\n"
     "--remit-to (each one line of the address checks are mailed to).\n"
     "--country (ISO 3166-1, e.g. GB): the business's; letters to\n"
     "customers in it leave the country line out of the address.\n"
     "'' clears any of them."},
    {"letters", cmd_letters, CLI_OPEN_DB,
     "letters [--as-of D] --batch FILE.pdf | --each DIR",
     "The day's letters (planned, printed or posted; not void) as PDF for\n"
     "window envelopes: --batch one print file, a cover sheet listing them\n"
     "and each letter starting on the front of a sheet for duplex\n"
     "printing; --each one file per letter (DIR/SEQ-CUSTOMER.pdf). Each is\n"
     "made from what the outbox keeps, the same bytes whenever it is made.\n"
     "Mark them printed with 'dun outbox mark SEQ... --printed'."},
    {"send", cmd_send, CLI_OPEN_DB, "send [--dry-run] [--limit N]",
     "Deliver the planned e-mails whose sending hours have come, through\n"
     "the mail server of 'dun config' (one connection, send.rate per\n"
     "minute). Each is first held against the books as of --as-of: one\n"
     "whose invoices were paid, credited or disputed since, or whose\n"
     "customer promised, agreed a plan or was flagged do-not-contact,\n"
     "becomes void with the reason. A failure for now is tried again\n"
     "later (send.max_attempts), a refusal is failed; the server's answer\n"
     "is kept as evidence and each step is on the customer's timeline.\n"
     "--dry-run: say what would happen, change nothing. See\n"
     "docs/sending.md."},
    {"templates", cmd_templates, 0,
     "templates check DIR | load DIR | list | show [VERSION] [NAME] | "
     "export [--built-in] DIR",
     "The message templates (docs/templates.md). check: read DIR/LANG/\n"
     "NAME.PART.mustache, report every problem (a file name, a syntax\n"
     "error, a missing part or partial, a sample render, what a firm or\n"
     "final message must carry), one a line. load: check, then store DIR\n"
     "as a new version, in force from the next run (nothing if any\n"
     "problem, or if it is the version in force). list: the versions\n"
     "(version 0: the built-in templates, when none is loaded). show: a\n"
     "version's templates (default: in force), or one's text (de/notice\n"
     ".text). export: the templates in force as files to edit\n"
     "(--built-in: the compiled-in ones)."},
    {"bounces", cmd_bounces, CLI_OPEN_DB, "bounces import PATH...",
     "Read delivery status notifications (RFC 3464) from Maildirs, mbox\n"
     "files or single messages, match each to the message dun sent (its\n"
     "Message-ID and recipient): a failure marks the message bounced and\n"
     "the customer's e-mail as not working when the status says the\n"
     "address is wrong (5.1.x); a delay changes nothing. Each report is\n"
     "listed with what became of it."},
    {"evidence", cmd_evidence, CLI_OPEN_DB,
     "evidence add SEQ --kind certified|registered|courier|receipt "
     "--ref TRACKING [--file SCAN]",
     "Attach proof of posting or delivery to a message: a tracking\n"
     "reference and, with --file, a scan kept in the database with its\n"
     "SHA-256 (at most 20 MB). The customer's timeline shows it."},
    {"config", cmd_config, CLI_OPEN_DB,
     "config [list] | get KEY | set KEY VALUE | unset KEY",
     "The business's settings for sending e-mail, each checked when set:\n"
     "smtp.url (smtp://HOST[:PORT] or smtps://HOST[:PORT]), smtp.starttls\n"
     "(required, optional, never), smtp.user, smtp.password_file (a file\n"
     "only its owner may read: the password is never stored or shown),\n"
     "mail.from, mail.reply_to, mail.bcc, send.rate (per minute),\n"
     "send.max_attempts; and for printed letters: letter.paper (auto, by\n"
     "the customer's country; a4-din, a4-uk, us-letter), letter.logo (the\n"
     "path of a PNG file of at most 1 MiB: its bytes are kept in the\n"
     "database; get shows its size and SHA-256). unset: back to the\n"
     "default. See docs/sending.md."},
    {"queue", cmd_queue, CLI_OPEN_DB, "queue",
     "Work for people, most valuable first: calls the run planned (done\n"
     "when 'dun call' logs one) and stages waiting for approval."},
    {"approve", cmd_approve, CLI_OPEN_DB, "approve CUSTOMER [--refuse]",
     "Give (or refuse) the approval a customer's stage waits for, such as\n"
     "a hand-off to an agency. Either way the ladder moves past it."},
    {"timeline", cmd_timeline, CLI_OPEN_DB, "timeline CUSTOMER",
     "Everything known about a customer in date order: invoices, credit\n"
     "notes, payments, contacts planned, notes, calls, disputes, promises."},
    {"demo", cmd_demo, 0, "demo [--dir DIR]",
     "A fresh demo database in DIR (default ./demo): a made-up business's\n"
     "year of invoices and payments up to six weeks before --as-of, then six\n"
     "weeks of daily runs with each day's invoices and payments arriving\n"
     "first, and a summary: actions per stage, messages, money collected,\n"
     "aging before and after."},
    {"help", cmd_help, 0, "help [COMMAND]", "Explain a command."},
};

const struct cli_cmd *
cli_find(const char *name)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

const struct cli_cmd *
cli_commands(size_t *n)
{
    *n = sizeof(commands) / sizeof(commands[0]);
    return commands;
}

int
cli_fail(const struct dun_err *err)
{
    /* Messages quote the data (a row of a file, a name): shown, never
     * obeyed, on a terminal. */
    fputs("dun: ", stderr);
    cli_print_safe(stderr, err->msg[0] ? err->msg : "failed");
    fputc('\n', stderr);
    return EXIT_FAILED;
}

int
cli_date(const char *option, const char *s, int32_t *day)
{
    if (date_parse(s, strlen(s), day) == 0 && date_in_range(*day))
        return 0;
    fprintf(stderr, "dun: %s: not a date (YYYY-MM-DD, %d to %d): '", option,
            DATE_FIRST_YEAR, DATE_LAST_YEAR);
    cli_print_safe(stderr, s);
    fputs("'\n", stderr);
    return -1;
}

int
cli_usage(const struct cli_cmd *cmd)
{
    fprintf(stderr, "usage: dun [--db PATH] [--as-of YYYY-MM-DD] "
                    "[--format table|csv|json|jsonl] %s\n", cmd->usage);
    return EXIT_USAGE;
}

struct out *
cli_out(struct cli *cli)
{
    return out_new(cli->out, cli->format,
                   isatty(fileno(cli->out)) ? OUT_TTY : 0);
}

int
cli_list(struct cli *cli, const char *key, const char *title,
         const struct out_col *cols, size_t ncols,
         int (*scan)(struct cli *cli, struct out *o, void *ctx,
                     struct dun_err *err),
         void *ctx)
{
    struct dun_err err = DUN_ERR_INIT;
    struct out *o = cli_out(cli);

    out_list_begin(o, key, title, cols, ncols);
    if (scan(cli, o, ctx, &err) < 0) {
        out_free(o);
        return cli_fail(&err);
    }
    out_list_end(o);
    return cli_out_done(o);
}

int
cli_out_done(struct out *o)
{
    struct dun_err err = DUN_ERR_INIT;
    int rc = out_finish(o, &err);

    out_free(o);
    return rc < 0 ? cli_fail(&err) : EXIT_OK;
}

void
cli_print_safe(FILE *fp, const char *text)
{
    struct sbuf sb = SBUF_INIT;

    if (!isatty(fileno(fp))) {
        fputs(text, fp);
        return;
    }
    out_escape_text(&sb, text, strlen(text));
    fputs(sb.buf, fp);
    sbuf_release(&sb);
}

static void
usage_all(FILE *fp)
{
    fprintf(fp, "usage: dun [--db PATH] [--as-of YYYY-MM-DD] "
                "[--format table|csv|json|jsonl] COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(fp, "  %s\n", commands[i].usage);
    fprintf(fp, "\n'dun help COMMAND' explains one; 'dun --version' says "
                "which dun and SQLite this is.\n");
}

int
cmd_help(struct cli *cli, int argc, char **argv)
{
    const struct cli_cmd *cmd;

    if (argc < 2) {
        usage_all(cli->out);
        return EXIT_OK;
    }
    if (argv[1][0] == '-' && cli_help_extra(cli, argv[1]) == EXIT_OK)
        return EXIT_OK;
    if ((cmd = cli_find(argv[1])) == NULL) {
        fputs("dun: no command '", stderr);
        cli_print_safe(stderr, argv[1]);
        fputs("'\n", stderr);
        return EXIT_USAGE;
    }
    fprintf(cli->out, "usage: dun %s\n\n%s\n", cmd->usage, cmd->help);
    return EXIT_OK;
}

static int32_t
today(void)
{
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Take a global option (--name VALUE or --name=VALUE) out of argv. */
static int
take_option(int *argc, char **argv, const char *name, const char **value)
{
    size_t n = strlen(name);

    for (int i = 1; i < *argc; i++) {
        int shift;

        if (strcmp(argv[i], "--") == 0)
            break;
        if (strncmp(argv[i], name, n) != 0)
            continue;
        if (argv[i][n] == '=') {
            *value = argv[i] + n + 1;
            shift = 1;
        } else if (argv[i][n] == '\0') {
            if (i + 1 >= *argc)
                return -1;
            *value = argv[i + 1];
            shift = 2;
        } else {
            continue;
        }
        memmove(&argv[i], &argv[i + shift],
                (size_t)(*argc - i - shift + 1) * sizeof(*argv));
        *argc -= shift;
        i--;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    struct cli cli = { .out = stdout, .format = OUT_TABLE,
                       .app = { .tenant = APP_TENANT_DEFAULT,
                                .actor = "cli" } };
    struct dun_err err = DUN_ERR_INIT;
    const char *db = NULL, *as_of = NULL, *format = NULL;
    const struct cli_cmd *cmd;
    char **argv_as_given;
    int rc;

    /* Every argument ends up in the database, a message or the output:
     * UTF-8, or refused here. */
    for (int i = 1; i < argc; i++)
        if (!contact_utf8_valid(argv[i], strlen(argv[i]))) {
            fprintf(stderr, "dun: argument %d is not valid UTF-8\n", i);
            return EXIT_USAGE;
        }
    /* The options are taken out of argv: a start again needs them. */
    argv_as_given = xreallocarray(NULL, (size_t)argc + 1, sizeof(*argv));
    memcpy(argv_as_given, argv, ((size_t)argc + 1) * sizeof(*argv));
    if (take_option(&argc, argv, "--db", &db) < 0 ||
        take_option(&argc, argv, "--as-of", &as_of) < 0 ||
        take_option(&argc, argv, "--format", &format) < 0 || argc < 2) {
        usage_all(stderr);
        free(argv_as_given);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        struct app_version v;

        app_version(&v);
        printf("dun %s (%s %s)\n", v.dun, v.engine, v.engine_version);
        free(argv_as_given);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage_all(stdout);
        free(argv_as_given);
        return EXIT_OK;
    }
    if ((cmd = cli_find(argv[1])) == NULL) {
        /* Quoted as data: a typo may hold anything. */
        fputs("dun: no command '", stderr);
        cli_print_safe(stderr, argv[1]);
        fputs("' (see 'dun help')\n", stderr);
        free(argv_as_given);
        return EXIT_USAGE;
    }
    if (cmd->flags & CLI_HUGE_PAGES) {
        cli_restart_with_huge_pages(argv_as_given);
        cli_keep_heap();
    }
    free(argv_as_given);
    cli.db = db ? db : getenv("DUN_DB");
    if (cli.db == NULL || cli.db[0] == '\0')
        cli.db = "dun.db";
    cli.app.as_of = cli.app.today = today();
    cli.app.now = (int64_t)time(NULL);
    if (as_of && cli_date("--as-of", as_of, &cli.app.as_of) < 0)
        return EXIT_USAGE;
    if (format && out_format_parse(format, &cli.format) < 0) {
        fprintf(stderr, "dun: --format: must be table, csv, json or jsonl\n");
        return EXIT_USAGE;
    }
    if (cmd->flags & CLI_OPEN_DB) {
        if (app_open(&cli.app, cli.db, (cmd->flags & CLI_CREATE_DB) != 0,
                     &err) < 0)
            return cli_fail(&err);
    }
    cli.argv0 = argv[0];
    rc = cmd->run(&cli, argc - 1, argv + 1);
    app_close(&cli.app);
    if (fflush(stdout) != 0 && rc == EXIT_OK) {
        fprintf(stderr, "dun: cannot write output\n");
        rc = EXIT_FAILED;
    }
    return rc;
}
