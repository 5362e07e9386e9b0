#!/usr/bin/python3
"""Count the TAP results of every test log of a `make check` run and
print the closing line "N passed, N failed" (skips counted apart)."""
import os
import re
import sys

logdir = os.path.dirname(os.path.abspath(sys.argv[1] if len(sys.argv) > 1
                                         else "test-suite.log"))
passed = failed = skipped = 0
failures = []
for root, _, files in os.walk(logdir):
    if "/tests/tmp" in root or "node_modules" in root:
        continue
    for f in files:
        if not f.endswith(".log") or f == "test-suite.log" or not \
                os.path.exists(os.path.join(root, f[:-4] + ".trs")):
            continue
        with open(os.path.join(root, f), errors="replace") as fh:
            for line in fh:
                m = re.match(r"^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR):", line)
                if not m:
                    continue
                k = m.group(1)
                if k in ("PASS", "XFAIL"):
                    passed += 1
                elif k == "SKIP":
                    skipped += 1
                else:
                    failed += 1
                    failures.append(line.strip())
for line in failures[:50]:
    print(line)
print("%d passed, %d failed%s" % (passed, failed,
      ", %d skipped" % skipped if skipped else ""))
