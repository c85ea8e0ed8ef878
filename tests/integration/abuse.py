#!/usr/bin/env python3
"""abuse.py URL PID SCALE - hostile HTTP traffic against a running sluiced (0360-abuse.sh).

Kinds of abuse, each in parallel connections, while /healthcheck is polled and must keep
answering 200 within 2 s:
  random    requests of random bytes (SCALE * 10000 of them at full scale)
  truncated valid requests cut short: in the request line, in the headers, in the body
  headers   one request with ~1 MiB of headers, one with 10,000 header lines
  body      a 100 MiB body (Content-Length), streamed
  chunked   an endless chunked body (streamed for a few seconds, never finished)
  slow      slow connections: headers one byte a second (the server's idle timeout ends them)
Then the connections are gone: the server's RSS must be within 64 MiB of what it was
before, and its open file descriptors back to what they were.
"""
import os
import random
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

URL, PID, SCALE = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
U = urllib.parse.urlparse(URL)
HOST, PORT = U.hostname, U.port
MiB = 1 << 20
failures = []


def rss():
    for line in open("/proc/%d/status" % PID):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def fds():
    return len(os.listdir("/proc/%d/fd" % PID))


def conn(timeout=5.0):
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    s.settimeout(timeout)
    return s


def drain(s, limit=1 << 16):
    try:
        while limit > 0:
            b = s.recv(4096)
            if not b:
                return
            limit -= len(b)
    except OSError:
        pass


def random_request(seed):
    rnd = random.Random(seed)
    try:
        s = conn(2.0)
        s.sendall(bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 2048))))
        s.shutdown(socket.SHUT_WR)
        drain(s)
        s.close()
    except OSError:
        pass


TRUNCATED = [
    b"POST /ksql HT",
    b"POST /ksql HTTP/1.1\r\nHost: x\r\nContent-Len",
    b"POST /ksql HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"ksql\": \"SHOW",
    b"POST /query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"ks",
    b"GET /info HTTP/1.1\r\nHost: x\r\n",
]


def truncated(i):
    try:
        s = conn(2.0)
        s.sendall(TRUNCATED[i % len(TRUNCATED)])
        s.close()
    except OSError:
        pass


def huge_headers():
    for hdrs in (b"X-Big: " + b"a" * MiB + b"\r\n",
                 b"".join(b"X-H%d: v\r\n" % i for i in range(10000))):
        try:
            s = conn(10.0)
            s.sendall(b"GET /info HTTP/1.1\r\nHost: x\r\n" + hdrs + b"\r\n")
            drain(s)
            s.close()
        except OSError:
            pass


def big_body():
    try:
        s = conn(30.0)
        s.sendall(b"POST /ksql HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % (100 * MiB))
        chunk = b"x" * MiB
        for _ in range(100):
            s.sendall(chunk)
        head = s.recv(4096)
        if b" 413 " not in head.split(b"\r\n")[0]:
            failures.append("100 MiB body: %r" % head[:80])
        s.close()
    except OSError as e:
        failures.append("100 MiB body: %s" % e)


def endless_chunked(seconds):
    try:
        s = conn(10.0)
        s.sendall(b"POST /inserts-stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"y" * (64 * 1024))
        end = time.time() + seconds
        while time.time() < end:
            s.sendall(chunk)
        s.close()
    except OSError:
        pass  # the server may end the connection: fine


def slow(seconds):
    try:
        s = conn(seconds + 10)
        for b in b"GET /info HTTP/1.1\r\nHost: x\r\n":
            s.send(bytes([b]))
            time.sleep(1.0)
            if seconds <= 0:
                break
            seconds -= 1
        s.close()
    except OSError:
        pass


stop_health = threading.Event()


def health_poller():
    while not stop_health.is_set():
        t0 = time.time()
        try:
            with urllib.request.urlopen(URL + "/healthcheck", timeout=2.0) as r:
                if r.status != 200:
                    failures.append("/healthcheck answered %d" % r.status)
        except Exception as e:  # noqa: BLE001 - any failure to answer is the finding
            failures.append("/healthcheck failed after %.1fs: %s" % (time.time() - t0, e))
        time.sleep(0.25)


def main():
    for _ in range(20):  # warm up: the threads and buffers normal traffic needs
        urllib.request.urlopen(URL + "/healthcheck", timeout=5).read()
    time.sleep(0.5)
    rss0, fds0 = rss(), fds()
    print("before: rss %.1f MiB, fds %d" % (rss0 / MiB, fds0))
    poller = threading.Thread(target=health_poller)
    poller.start()
    n_random = int(10000 * SCALE)
    with ThreadPoolExecutor(max_workers=32) as pool:
        jobs = [pool.submit(huge_headers), pool.submit(big_body),
                pool.submit(endless_chunked, 5 * SCALE + 2)]
        jobs += [pool.submit(slow, 20) for _ in range(int(50 * SCALE) + 5)]
        jobs += [pool.submit(truncated, i) for i in range(int(1000 * SCALE))]
        jobs += [pool.submit(random_request, i) for i in range(n_random)]
        for j in jobs:
            j.result()
    print("abuse done: %d random, %d truncated" % (n_random, int(1000 * SCALE)))
    stop_health.set()
    poller.join()
    deadline = time.time() + 30  # idle connections time out, threads end
    while time.time() < deadline and fds() > fds0:
        time.sleep(0.5)
    rss1, fds1 = rss(), fds()
    print("after: rss %.1f MiB, fds %d" % (rss1 / MiB, fds1))
    if rss1 > rss0 + 64 * MiB:
        failures.append("memory grew by %.1f MiB" % ((rss1 - rss0) / MiB))
    if fds1 > fds0:
        failures.append("file descriptors: %d before, %d after" % (fds0, fds1))
    with urllib.request.urlopen(URL + "/healthcheck", timeout=5) as r:
        if r.status != 200:
            failures.append("/healthcheck after the abuse: %d" % r.status)
    for f in failures[:20]:
        print("FAIL:", f)
    return 1 if failures else 0


sys.exit(main())
