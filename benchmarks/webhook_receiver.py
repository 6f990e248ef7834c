"""A slow webhook receiver, in a process of its own (away from the publisher's interpreter
lock): each delivery's signature is verified with the Standard Webhooks package, it waits
``--delay-ms``, answers 200, and appends one line to ``--log``: the webhook-id, whether
the signature held, and when it came (Unix seconds).

    python -m benchmarks.webhook_receiver --delay-ms 100 --log got.jsonl

It prints its port on the first line of its output once it listens, then reads the
endpoint's signing secret (shown once, when the endpoint is registered) from its input."""

from __future__ import annotations

import argparse
import http.server
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.webhook_receiver")
    p.add_argument("--delay-ms", type=int, default=100)
    p.add_argument("--log", type=Path, required=True)
    options = p.parse_args()
    verifier: list[Webhook] = []
    log = options.log.open("a", encoding="utf-8")
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                verifier[0].verify(body, headers)
                verified = True
            except (WebhookVerificationError, IndexError):
                verified = False
            time.sleep(options.delay_ms / 1000)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
            line = {"id": headers.get("webhook-id", ""), "verified": verified, "at": time.time()}
            with lock:
                log.write(json.dumps(line) + "\n")
                log.flush()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_port, flush=True)
    verifier.append(Webhook(sys.stdin.readline().strip()))
    try:
        server.serve_forever(0.1)
    except KeyboardInterrupt:
        pass
    finally:
        log.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
