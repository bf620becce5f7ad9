#!/usr/bin/env bash
# Fails when a Luhn-valid card-like number that is not a well-known test number is
# tracked in git, or when a test card number turns up in files the tests left behind
# (databases, logs) under $SWIPE_SCAN_DIRS.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - "$@" <<'PY'
import os, re, stat, subprocess, sys
allowed = {"4242424242424242", "4111111111111111", "4000000000000002", "5555555555554444", "2223003122003222",
           "378282246310005", "6011111111111117", "5105105105105100", "4012888888881881"}
def luhn(s):
    total = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0
bad = []
files = subprocess.run(["git", "ls-files", "-z"], capture_output=True, check=True).stdout.split(b"\0")
for name in filter(None, files):
    try:
        text = open(name, "rb").read().decode("utf-8")
    except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
        continue
    for number in re.findall(r"(?<!\d)[2-6]\d{12,18}(?!\d)", text):
        if luhn(number) and number not in allowed:
            bad.append((name.decode(), number[:6]))
for directory in filter(None, os.environ.get("SWIPE_SCAN_DIRS", "").split(":")):
    for root, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            # Regular files only: a FIFO a test left behind would block the read forever.
            if not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            data = open(path, "rb").read()
            for number in allowed:
                if number.encode() in data:
                    bad.append((path, number[:6]))
for name, prefix in bad:
    print(f"card-like number {prefix}… in {name}", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
echo "card data scan: clean"
