#!/usr/bin/python3
"""A real SMTP server on 127.0.0.1 for dun's tests (aiosmtpd).

Run it with Debian's /usr/bin/python3, which has python3-aiosmtpd
(scripts/install-deps.sh installs it).

Every message it takes is written to DIR/<id>.eml exactly as received
(after SMTP's own dot-unstuffing), and its envelope to DIR/<id>.env:

    from ADDR
    rcpt ADDR          (one line per recipient)
    tls yes|no         (did the session STARTTLS first)
    auth USER|-        (the authenticated user)

The end of DATA is answered "250 2.0.0 Ok: queued as <id>" (or
--accept-reply), ids Q00001, Q00002, ... in order. The port (0: any free one) is printed on stdout as
soon as the server listens, and written to --port-file if given.

usage: smtp_server.py --dir DIR [--port N] [--port-file FILE]
           [--conn-file FILE] [--fail-data N REPLY] [--reject-rcpt ADDR REPLY]
           [--delay-data SECONDS] [--delay-reply SECONDS]
           [--accept-reply TEMPLATE]
           [--close-after-data] [--auth USER:PASSWORD] [--auth-mech MECH]
           [--tls CERT KEY]

--conn-file   the number of connections accepted so far, rewritten at each
--fail-data   answer the end of DATA of the next N messages with REPLY
              ("451 4.3.0 Try again later", "550 5.1.1 User unknown")
--reject-rcpt answer RCPT TO:<ADDR> with REPLY
--delay-data  wait this long before answering the end of DATA
--delay-reply keep the message, then wait this long before saying so
--accept-reply the reply to a message taken, "{id}" its id, "\n" between
              the lines of a multi-line reply ("250 OK id={id}" as Exim)
--close-after-data  after each message taken, say "421 4.4.2 ... timeout
              exceeded" and close the connection (as Postfix on an idle
              timeout)
--auth        offer AUTH and require it before MAIL (plain text allowed)
--auth-mech   offer only this mechanism (PLAIN or LOGIN)
--tls         offer STARTTLS with this certificate and key
"""

import argparse
import asyncio
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = 0
        self.fail_left = args.fail_data[0] if args.fail_data else 0
        self.rejects = dict((a.lower(), r) for a, r in args.reject_rcpt or [])

    async def handle_RCPT(self, server, session, envelope, address, options):
        reply = self.rejects.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        if self.args.delay_data:
            await asyncio.sleep(self.args.delay_data)
        if self.fail_left > 0:
            self.fail_left -= 1
            return self.args.fail_data[1]
        self.count += 1
        qid = "Q%05d" % self.count
        path = os.path.join(self.args.dir, qid)
        with open(path + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(path + ".eml.tmp", path + ".eml")
        user = session.auth_data.login.decode() if session.authenticated else "-"
        lines = ["from " + envelope.mail_from]
        lines += ["rcpt " + r for r in envelope.rcpt_tos]
        lines += ["tls " + ("yes" if session.ssl is not None else "no")]
        lines += ["auth " + user]
        with open(path + ".env.tmp", "w") as f:
            f.write("\n".join(lines) + "\n")
        os.rename(path + ".env.tmp", path + ".env")
        if self.args.delay_reply:
            # Taken and kept, the answer still to come: a client that
            # dies now never learns the message arrived.
            await asyncio.sleep(self.args.delay_reply)
        if self.args.close_after_data:
            server.loop.call_later(0.05, self.hang_up, server)
        if self.args.accept_reply:
            return self.args.accept_reply.replace("{id}", qid).replace(
                "\\n", "\r\n")
        return "250 2.0.0 Ok: queued as " + qid

    @staticmethod
    def hang_up(server):
        if server.transport is not None:
            server.transport.write(
                b"421 4.4.2 dun-test.localhost Error: timeout exceeded\r\n")
            server.transport.close()


def write_atomically(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--conn-file")
    ap.add_argument("--fail-data", nargs=2, metavar=("N", "REPLY"))
    ap.add_argument("--reject-rcpt", nargs=2, action="append",
                    metavar=("ADDR", "REPLY"))
    ap.add_argument("--delay-data", type=float, default=0)
    ap.add_argument("--delay-reply", type=float, default=0)
    ap.add_argument("--accept-reply")
    ap.add_argument("--close-after-data", action="store_true")
    ap.add_argument("--auth")
    ap.add_argument("--auth-mech", choices=["PLAIN", "LOGIN"])
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = ap.parse_args()
    if args.fail_data:
        args.fail_data = (int(args.fail_data[0]), args.fail_data[1])
    os.makedirs(args.dir, exist_ok=True)

    tls_context = None
    if args.tls:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls[0], args.tls[1])

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        want_user, _, want_pw = args.auth.partition(":")
        ok = (auth_data.login.decode() == want_user
              and auth_data.password.decode() == want_pw)
        # handled=False: aiosmtpd answers a failure with its 535 itself.
        return AuthResult(success=ok, handled=False,
                          auth_data=auth_data if ok else None)

    handler = Handler(args)
    kwargs = dict(hostname="dun-test.localhost", decode_data=False,
                  enable_SMTPUTF8=True, tls_context=tls_context)
    if args.auth:
        kwargs.update(auth_required=True, auth_require_tls=False,
                      authenticator=authenticator)
        if args.auth_mech:
            others = {"PLAIN", "LOGIN"} - {args.auth_mech}
            kwargs["auth_exclude_mechanism"] = others

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    connections = 0

    def factory():
        nonlocal connections
        connections += 1
        if args.conn_file:
            write_atomically(args.conn_file, "%d\n" % connections)
        return SMTP(handler, loop=loop, **kwargs)

    server = loop.run_until_complete(
        loop.create_server(factory, host="127.0.0.1", port=args.port))
    if args.conn_file:
        write_atomically(args.conn_file, "0\n")
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        write_atomically(args.port_file, "%d\n" % port)
    print(port, flush=True)

    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set_result, None)
    loop.run_until_complete(stop)
    server.close()
    loop.run_until_complete(server.wait_closed())
    loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
