/*
 * commands.h - one function per command, each in src/cli/cmd_NAME.c.
 */
#ifndef DUN_CLI_COMMANDS_H
#define DUN_CLI_COMMANDS_H

#include "cli/cli.h"

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_customers(struct cli *cli, int argc, char **argv);
int cmd_invoices(struct cli *cli, int argc, char **argv);
int cmd_statement(struct cli *cli, int argc, char **argv);
int cmd_aging(struct cli *cli, int argc, char **argv);
int cmd_dso(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);
int cmd_policy(struct cli *cli, int argc, char **argv);
int cmd_run(struct cli *cli, int argc, char **argv);
int cmd_customer(struct cli *cli, int argc, char **argv);
int cmd_dispute(struct cli *cli, int argc, char **argv);
int cmd_promise(struct cli *cli, int argc, char **argv);
int cmd_note(struct cli *cli, int argc, char **argv);
int cmd_timeline(struct cli *cli, int argc, char **argv);
int cmd_plan(struct cli *cli, int argc, char **argv);
int cmd_queue(struct cli *cli, int argc, char **argv);
int cmd_approve(struct cli *cli, int argc, char **argv);
int cmd_outbox(struct cli *cli, int argc, char **argv);
int cmd_tenant(struct cli *cli, int argc, char **argv);
int cmd_config(struct cli *cli, int argc, char **argv);
int cmd_send(struct cli *cli, int argc, char **argv);
int cmd_letters(struct cli *cli, int argc, char **argv);
int cmd_evidence(struct cli *cli, int argc, char **argv);
int cmd_bounces(struct cli *cli, int argc, char **argv);
int cmd_templates(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_help(struct cli *cli, int argc, char **argv);

struct dso_result;
/* The list "dso" that 'dun dso' prints; the demo too. */
void cli_dso_list(struct out *o, const struct dso_result *res, size_t n);

#endif
