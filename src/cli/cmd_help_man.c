/*
 * cmd_help_man.c - dun(1) in roff, made from the command table, so that
 * the manual says exactly what 'dun help' says ('dun help --man'; the
 * build installs its output as share/man/man1/dun.1). 'dun help
 * --commands' lists the command names, one a line, for completion scripts
 * and their tests.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

/* Text as roff: backslashes escaped, hyphens as minus signs (options are
 * typed with ASCII hyphens), and a control character at a line's start
 * kept literal. */
static void
roff_text(FILE *out, const char *s)
{
    int bol = 1;

    for (; *s; s++) {
        if (bol && (*s == '.' || *s == '\''))
            fputs("\\&", out);
        bol = *s == '\n';
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else
            fputc(*s, out);
    }
}

static void
print_man(FILE *out, const char *version)
{
    size_t n;
    const struct cli_cmd *cmds = cli_commands(&n);

    fprintf(out, ".TH DUN 1 \"\" \"dun %s\" \"User Commands\"\n", version);
    fputs(".SH NAME\n"
          "dun \\- accounts-receivable collections for small businesses\n"
          ".SH SYNOPSIS\n"
          ".B dun\n"
          "[\\fB\\-\\-db\\fR \\fIPATH\\fR] "
          "[\\fB\\-\\-as\\-of\\fR \\fIYYYY\\-MM\\-DD\\fR] "
          "[\\fB\\-\\-format\\fR \\fBtable\\fR|\\fBcsv\\fR|\\fBjson\\fR] "
          "\\fICOMMAND\\fR [\\fIARGS\\fR]\n"
          ".br\n"
          ".B dun \\-\\-version\n"
          ".SH DESCRIPTION\n"
          "dun keeps a business's customers, invoices and payments, works "
          "out who owes what and for how long, and runs a daily, "
          "policy-driven collection cycle: reminders, notices, final "
          "demands and hand-offs, never too early and never after a "
          "customer has paid, with a complete paper trail.\n"
          ".SH GLOBAL OPTIONS\n"
          ".TP\n\\fB\\-\\-db\\fR \\fIPATH\\fR\n"
          "The database (default \\fB$DUN_DB\\fR, else \\fI./dun.db\\fR).\n"
          ".TP\n\\fB\\-\\-as\\-of\\fR \\fIYYYY\\-MM\\-DD\\fR\n"
          "The day a command runs as of (default: today).\n"
          ".TP\n\\fB\\-\\-format\\fR \\fBtable\\fR|\\fBcsv\\fR|\\fBjson\\fR\n"
          "How a command prints its data: an aligned table, CSV safe for "
          "spreadsheets, or one JSON document.\n"
          ".TP\n\\fB\\-\\-version\\fR\n"
          "The version of dun and of the SQLite it runs on.\n"
          ".SH COMMANDS\n", out);
    for (size_t i = 0; i < n; i++) {
        fputs(".TP\n.B dun ", out);
        roff_text(out, cmds[i].usage);
        fputc('\n', out);
        roff_text(out, cmds[i].help);
        fputc('\n', out);
    }
    fputs(".SH EXIT STATUS\n"
          "0 success, 1 the operation failed (a message on standard error), "
          "2 a usage error.\n"
          ".SH ENVIRONMENT\n"
          ".TP\n.B DUN_DB\nThe database when \\fB\\-\\-db\\fR is not given.\n"
          ".SH FILES\n"
          ".TP\n.I share/dun/mappings/\n"
          "Mapping files for accounting tools' exports "
          "(\\fBdun import invoices FILE \\-\\-map MAPPING\\fR).\n"
          ".SH SEE ALSO\n"
          "The README and docs/ of the source: formats.md, ledger.md, "
          "policy.md, templates.md, output.md.\n", out);
}

int
cli_help_extra(struct cli *cli, const char *what)
{
    if (strcmp(what, "--man") == 0) {
        print_man(cli->out, DUN_VERSION);
        return EXIT_OK;
    }
    if (strcmp(what, "--commands") == 0) {
        size_t n;
        const struct cli_cmd *cmds = cli_commands(&n);

        for (size_t i = 0; i < n; i++)
            fprintf(cli->out, "%s\n", cmds[i].name);
        return EXIT_OK;
    }
    return -1;
}
