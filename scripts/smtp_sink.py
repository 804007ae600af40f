#!/usr/bin/python3
"""A tiny SMTP sink for tests: every message it receives is written to DIR as one .eml file.

Each file is written under a temporary name and then renamed, so a reader never sees half a
message. The envelope sender and recipients are added as X-Envelope-From / X-Envelope-To
header lines above the message as received.

Run with Debian's Python (it has python3-aiosmtpd):
    /usr/bin/python3 scripts/smtp_sink.py --host 127.0.0.1 --port 2525 --dir .tmp/mail
"""

import argparse
import asyncio
import itertools
import os
import signal
import sys
import time

from aiosmtpd.smtp import SMTP


class SinkHandler:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content or b""
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        header = "X-Envelope-From: {}\r\n".format(envelope.mail_from or "")
        for rcpt in envelope.rcpt_tos:
            header += "X-Envelope-To: {}\r\n".format(rcpt)
        n = next(self.counter)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        micros = int((time.time() % 1) * 1_000_000)
        name = "{}.{:06d}-{}-{}.eml".format(stamp, micros, os.getpid(), n)
        final_path = os.path.join(self.directory, name)
        temp_path = os.path.join(self.directory, "." + name + ".tmp")
        with open(temp_path, "wb") as f:
            f.write(header.encode("utf-8", "surrogateescape"))
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp_path, final_path)
        print("stored {} from {} to {}".format(name, envelope.mail_from,
                                               ", ".join(envelope.rcpt_tos)), flush=True)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--dir", required=True, help="directory for received .eml files")
    args = parser.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    handler = SinkHandler(args.dir)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        return SMTP(handler, data_size_limit=64 * 1024 * 1024, enable_SMTPUTF8=True,
                    hostname="smtp-sink.localhost")

    server = loop.run_until_complete(loop.create_server(factory, args.host, args.port))
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    print("smtp sink listening on {}:{}, writing to {}".format(args.host, args.port, args.dir),
          flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
