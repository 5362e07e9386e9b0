"""wrk in the background against a stack, and what it counted: the
requests, the answers that were not 2xx/3xx, and the socket errors
(connect, read, write, timeout).  For the tests that change the worker
under load (t_reload.py, t_restart.py)."""
import re
import subprocess


class Wrk:
    def __init__(self, url, seconds, connections=16, threads=2):
        self.cmd = ["wrk", "-t%d" % threads, "-c%d" % connections,
                    "-d%ds" % seconds, "--timeout", "30s", url]
        self.p = subprocess.Popen(self.cmd, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        self.out = ""

    def result(self, timeout=120):
        """(requests, non_2xx_3xx, socket_errors, output)."""
        self.out, _ = self.p.communicate(timeout=timeout)
        m = re.search(r"(\d+) requests in", self.out)
        requests = int(m.group(1)) if m else 0
        m = re.search(r"Non-2xx or 3xx responses: (\d+)", self.out)
        bad = int(m.group(1)) if m else 0
        m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+),"
                      r" timeout (\d+)", self.out)
        sock = sum(int(x) for x in m.groups()) if m else 0
        return requests, bad, sock, self.out
