#!/usr/bin/env python3
"""vagga-lsp as a process, driven over its stdin and stdout by a scripted
JSON-RPC client: framing in odd pieces, a burst of edits, the lifecycle and
its exit codes, and a stream that breaks the framing.

    stdio_client.py VAGGA_LSP
"""
import json
import os
import subprocess
import sys
import tempfile

lsp = sys.argv[1]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(out):
    length = None
    while True:
        line = out.readline()
        if not line:
            return None
        if line == b"\r\n":
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(out.read(length))


def session(project, messages, wait_for=None, then=(), trickle=False):
    """Sends the messages (bytes or objects) in pieces of 7 bytes, so headers
    and bodies split anywhere; with `wait_for`, reads until that version's
    diagnostics arrive before sending `then`. Closes stdin and returns what
    the server said, its exit code and its stderr. With `trickle`, every piece
    is flushed on its own, so the server really reads them apart."""
    p = subprocess.Popen([lsp], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=project)

    def write(batch):
        data = b"".join(m if isinstance(m, bytes) else frame(m) for m in batch)
        for i in range(0, len(data), 7):
            p.stdin.write(data[i:i + 7])
            if trickle:
                p.stdin.flush()
        p.stdin.flush()

    got = []
    write(messages)
    if wait_for is not None:
        while True:
            m = read_message(p.stdout)
            if m is None:
                break
            got.append(m)
            if m.get("method") == "textDocument/publishDiagnostics" and \
                    m["params"].get("version") == wait_for:
                break
    write(then)
    p.stdin.close()
    while True:
        m = read_message(p.stdout)
        if m is None:
            break
        got.append(m)
    code = p.wait(timeout=30)
    return got, code, p.stderr.read().decode()


with tempfile.TemporaryDirectory() as d:
    main = os.path.join(d, "vagga.yaml")
    good = "containers:\n  app:\n    setup:\n    - !Debian bookworm\n"
    with open(main, "w") as f:
        f.write(good)
    uri = "file://" + main
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"capabilities": {}}}
    opened = {"jsonrpc": "2.0", "method": "textDocument/didOpen",
              "params": {"textDocument": {"uri": uri, "languageId": "yaml",
                                          "version": 1, "text": good}}}

    def change(version, text):
        return {"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": version},
                           "contentChanges": [{"text": text}]}}

    shutdown = {"jsonrpc": "2.0", "id": 9, "method": "shutdown"}
    exit_ = {"jsonrpc": "2.0", "method": "exit"}

    # A whole session: every edit of the burst arrives before the server
    # looks, so the only diagnostics published are the newest version's.
    burst = [change(v, good + "    volumse: {}\n") for v in range(2, 40)]
    got, code, err = session(d, [init, opened] + burst + [change(40, good)], wait_for=40,
                             then=[shutdown, exit_])
    check(code == 0, "exit after shutdown: %d %s" % (code, err))
    check(got[0].get("id") == 1 and "capabilities" in got[0]["result"], "initialize: %r" % got[:1])
    pubs = [m["params"] for m in got if m.get("method") == "textDocument/publishDiagnostics"]
    check(len(pubs) >= 1 and pubs[-1]["version"] == 40 and pubs[-1]["diagnostics"] == [],
          "newest version last and clean: %r" % pubs)
    stale = [p for p in pubs if p["diagnostics"]]
    check(len(pubs) <= 2, "a burst published %d times" % len(pubs))
    check(not stale or all(p["version"] < 40 for p in stale), "stale diagnostics: %r" % stale)
    check(any(m.get("id") == 9 and m.get("result") is None for m in got), "shutdown reply")

    # Input that ends without `exit`: exit 1, as the protocol says.
    got, code, err = session(d, [init, opened], wait_for=1, trickle=True)
    check(any(m.get("method") == "textDocument/publishDiagnostics" for m in got),
          "diagnostics after a trickled open: %r" % got)
    check(code == 1, "end of input without exit: %d" % code)

    # Garbage JSON gets a parse error; a broken header ends the stream.
    got, code, err = session(d, [init, b"Content-Length: 3\r\n\r\n{x}",
                                 b"Content-Length: nope\r\n\r\n"], trickle=True)
    check(any(m.get("error", {}).get("code") == -32700 for m in got), "parse error: %r" % got)
    check(code == 2 and "bad Content-Length" in err, "broken framing: %d %r" % (code, err))

    # A body over the limit is refused before it is read.
    got, code, err = session(d, [init, b"Content-Length: 999999999999\r\n\r\n"])
    check(code == 2 and "larger than" in err, "huge body: %d %r" % (code, err))

for f in failures:
    print("FAIL:", f)
print("stdio client: %s" % ("ok" if not failures else "%d failures" % len(failures)))
sys.exit(1 if failures else 0)
