#!/usr/bin/env python3
"""bench/live-reload-client.py: the client bench/run times `cited serve` with.

Usage: live-reload-client.py PORT PAGE_URL_PATH PAGE_FILE ORIGINAL_COPY RUNS TIMEOUT SENTENCE...
       live-reload-client.py PORT PAGE_URL_PATH FILE ORIGINAL_COPY RUNS TIMEOUT --replace OLD TEXT...
       live-reload-client.py ... (either form) --and FILE2 ORIGINAL_COPY2 OLD2 TEXT2...

A client of cited serve's live reload, as the browser's live.js is: one EventSource on
/__cited/events. For each timed save it prints the milliseconds from the write to the `reload` event,
and to the edited page (fetched after that event, as location.reload() does) read back with the edit.
After RUNS + 1 saves (the first a warm-up) of PAGE_FILE, each the original (ORIGINAL_COPY) plus the next
SENTENCE, it writes the original back. With --replace, each save is the original with the first OLD
in it replaced by the next TEXT (a reference's title, say), and the page must show that TEXT. With
--and, each save also writes FILE2, right after FILE, as the original (ORIGINAL_COPY2) with the first
OLD2 replaced by the next TEXT2 (as many as the TEXTs): two files saved at once, as a `git checkout`
saves them; the timings are to the `reload` event after which the page shows both edits. On a failure
it prints one line saying what went wrong, to stderr, and exits 1; either way the files are written
back as they were.
"""
import socket, sys, time

port, page_path, page, orig_path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
runs, timeout, edits = int(sys.argv[5]), float(sys.argv[6]), sys.argv[7:]
rest = []
if "--and" in edits:
    at = edits.index("--and")
    edits, rest = edits[:at], edits[at + 1:]
orig = open(orig_path, "rb").read()
if edits[:1] == ["--replace"]:
    old, edits = edits[1].encode(), edits[2:]
    if old not in orig:
        print(f"{page} does not hold {old.decode()!r}", file=sys.stderr)
        sys.exit(1)
    texts = [orig.replace(old, e.encode(), 1) for e in edits]
else:
    texts = [orig + b"\n" + e.encode() + b"\n" for e in edits]
# The second file saved with each save (`--and`): (path, original, each save's text, each save's edit).
second = None
if rest:
    orig2 = open(rest[1], "rb").read()
    old2, edits2 = rest[2].encode(), rest[3:]
    if old2 not in orig2 or len(edits2) != len(texts):
        print(f"{rest[0]} does not hold {rest[2]!r}, or the two files' edits differ in number",
              file=sys.stderr)
        sys.exit(1)
    second = (rest[0], orig2, [orig2.replace(old2, e.encode(), 1) for e in edits2], edits2)
host = f"127.0.0.1:{port}"


class Failed(Exception):
    pass


buf = b""
pending = {"event": None, "data": []}


def readline(sock, deadline):
    global buf
    while b"\n" not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            raise TimeoutError
        if not chunk:
            raise Failed("cited serve closed the event stream")
        buf += chunk
    line, buf = buf.split(b"\n", 1)
    return line.rstrip(b"\r").decode("utf-8", "replace")


def next_event(sock, deadline):
    """The next event, dispatched at its blank line as EventSource does: (name, data)."""
    while True:
        line = readline(sock, deadline)
        if line == "":
            if pending["event"] is None and not pending["data"]:
                continue
            event = (pending["event"] or "message", "\n".join(pending["data"]))
            pending["event"], pending["data"] = None, []
            return event
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "event":
            pending["event"] = value
        elif field == "data":
            pending["data"].append(value)


def fetch(path, deadline):
    left = max(deadline - time.monotonic(), 0.1)
    with socket.create_connection(("127.0.0.1", port), timeout=left) as c:
        c.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        body = b""
        while chunk := c.recv(65536):
            body += chunk
    return body


def main():
    """Subscribes, then saves RUNS + 1 times and prints the timings; `waiting` says what for."""
    global waiting
    waiting = "answer from the event stream"
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.sendall(f"GET /__cited/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n"
                 "Cache-Control: no-cache\r\n\r\n".encode())
    deadline = time.monotonic() + timeout
    status = readline(sock, deadline)
    if not status.startswith("HTTP/1.1 200"):
        raise Failed(f"the event stream answered {status!r}")
    while readline(sock, deadline) != "":
        pass
    name, data = next_event(sock, deadline)
    if name != "hello" or '"errors":[]' not in data:
        raise Failed("the first build has problems" if name == "hello" else f"first event {name!r}")
    for i in range(runs + 1):
        # Let any late event of the last save pass, so that it is not taken for this one's.
        try:
            next_event(sock, time.monotonic() + 0.5)
        except TimeoutError:
            pass
        waiting = "reload event after a save"
        t0 = time.perf_counter()
        with open(page, "wb") as f:
            f.write(texts[i % len(texts)])
        wanted = [edits[i % len(edits)].encode()]
        if second:
            path2, _, texts2, edits2 = second
            with open(path2, "wb") as f:
                f.write(texts2[i % len(texts2)])
            wanted.append(edits2[i % len(edits2)].encode())
        deadline = time.monotonic() + timeout
        # Two files saved at once may reach the server in two batches: the page is had once it shows
        # both edits, after the reload event it was fetched after.
        while True:
            waiting = "reload event after a save"
            while True:
                name, data = next_event(sock, deadline)
                if name == "reload":
                    break
                if name == "errors" and data.strip() != "[]":
                    raise Failed("the edited site did not build")
            t1 = time.perf_counter()
            waiting = "edited page"
            body = fetch(page_path, deadline)
            t2 = time.perf_counter()
            if not body.startswith(b"HTTP/1.1 200"):
                raise Failed(f"{page_path} answered {body[:40]!r} after the reload event")
            shown = [w in body for w in wanted]
            if all(shown):
                break
            if not second or not any(shown):
                raise Failed(f"{page_path} did not have the edit after the reload event")
        if i > 0:
            print(f"{(t1 - t0) * 1000:.3f} {(t2 - t0) * 1000:.3f}")


waiting = ""
try:
    main()
except TimeoutError:
    print(f"no {waiting} within {timeout:.0f}s", file=sys.stderr)
    sys.exit(1)
except (Failed, OSError) as e:
    print(e, file=sys.stderr)
    sys.exit(1)
finally:
    with open(page, "wb") as f:
        f.write(orig)
    if second:
        with open(second[0], "wb") as f:
            f.write(second[1])
