#!/usr/bin/env python3
"""Editor latency of a language server, measured by a scripted client.

For each file: open it, then N times change one character (alternating
between two versions of a line, so each version really differs) and time
from sending `didChange` to receiving `publishDiagnostics` for that version;
and N completion requests at a key position, timed to the response.

    lsp_bench.py [--runs N] [--schema FILE --custom-tags FILE] -- CMD... -- FILES...

Prints one JSON line per file: p50 and p90 of both latencies in ms.
A server that publishes nothing for an unchanged diagnostic set (yaml-
language-server does publish every time) would be measured by its timeout:
the script reports `null` then instead of a number.
"""
import json
import os
import select
import subprocess
import sys
import time


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Client:
    def __init__(self, cmd, settings):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.buf = b""
        self.settings = settings
        self.next_id = 1

    def send(self, obj):
        self.p.stdin.write(frame(obj))
        self.p.stdin.flush()

    def read(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end >= 0:
                length = 0
                for line in self.buf[:end].split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if len(self.buf) >= end + 4 + length:
                    body = self.buf[end + 4:end + 4 + length]
                    self.buf = self.buf[end + 4 + length:]
                    msg = json.loads(body)
                    if "method" in msg and "id" in msg:  # a request of the server's
                        self.answer(msg)
                        continue
                    return msg
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.p.stdout], [], [], left)
            if r:
                chunk = os.read(self.p.stdout.fileno(), 1 << 20)
                if not chunk:
                    return None
                self.buf += chunk

    def answer(self, req):
        result = None
        if req["method"] == "workspace/configuration":
            result = [self.settings.get(i.get("section", ""), None)
                      for i in req["params"]["items"]]
        self.send({"jsonrpc": "2.0", "id": req["id"], "result": result})

    def request(self, method, params, timeout=30):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            m = self.read(timeout)
            if m is None or m.get("id") == rid:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri, version, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = self.read(deadline - time.monotonic())
            if m is None:
                return False
            if m.get("method") == "textDocument/publishDiagnostics" and \
                    m["params"]["uri"] == uri and m["params"].get("version", version) == version:
                return True
        return False

    def close(self):
        self.request("shutdown", None, timeout=5)
        self.notify("exit", None)
        try:
            self.p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.p.kill()


def pct(values, p):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * p / 100))], 2)


def bench(cmd, settings, path, runs):
    c = Client(cmd, settings)
    root = os.path.dirname(os.path.abspath(path))
    c.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + root,
                             "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
                             "workspaceFolders": [{"uri": "file://" + root, "name": "p"}]})
    c.notify("initialized", {})
    c.notify("workspace/didChangeConfiguration", {"settings": settings})
    uri = "file://" + os.path.abspath(path)
    text = open(path).read()
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml",
                                                       "version": 1, "text": text}})
    c.wait_diagnostics(uri, 1, timeout=30)
    # The edit: a comment at the end that changes length each time.
    diag_ms, comp_ms = [], []
    for i in range(runs):
        version = i + 2
        edited = text + "# edit %d\n" % (i % 2)
        t0 = time.monotonic()
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                            "contentChanges": [{"text": edited}]})
        if c.wait_diagnostics(uri, version):
            diag_ms.append((time.monotonic() - t0) * 1000)
    lines = text.split("\n")
    # At the indentation of the first nested key: keys are what is offered.
    line = next((n for n, l in enumerate(lines) if l.startswith("    ") and ":" in l), 0)
    col = len(lines[line]) - len(lines[line].lstrip())
    for i in range(runs):
        t0 = time.monotonic()
        r = c.request("textDocument/completion",
                      {"textDocument": {"uri": uri}, "position": {"line": line, "character": col}})
        if r is not None:
            comp_ms.append((time.monotonic() - t0) * 1000)
    c.close()
    return {"file": path, "diagnostics_p50_ms": pct(diag_ms, 50),
            "diagnostics_p90_ms": pct(diag_ms, 90), "diagnostics_answered": len(diag_ms),
            "completion_p50_ms": pct(comp_ms, 50), "completion_p90_ms": pct(comp_ms, 90),
            "runs": runs}


def main():
    args = sys.argv[1:]
    runs, schema, tags = 50, None, None
    while args and args[0] != "--":
        if args[0] == "--runs":
            runs = int(args[1])
        elif args[0] == "--schema":
            schema = os.path.abspath(args[1])
        elif args[0] == "--custom-tags":
            tags = json.load(open(args[1]))
        args = args[2:]
    sep = args.index("--", 1)
    cmd, files = args[1:sep], args[sep + 1:]
    yaml = {"validate": True, "completion": True, "hover": True}
    if schema:
        yaml["schemas"] = {"file://" + schema: ["*.yaml", "**/*.yaml"]}
    if tags:
        yaml["customTags"] = tags
    settings = {"yaml": yaml}
    for f in files:
        print(json.dumps(bench(cmd, settings, f, runs)), flush=True)


main()
