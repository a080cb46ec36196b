#!/usr/bin/env python3
# measure.py -- run one command; print its wall time and peak memory
# SPDX-License-Identifier: MIT
#
#   python3 tests/bench/measure.py [-o FILE] [-e FILE] COMMAND [ARG...]
#
# Prints one line: "WALL_SECONDS MAX_RSS_KIB EXIT_STATUS".  The peak RSS is
# the largest of the command and the children it waited for (wait4's
# ru_maxrss, what `/usr/bin/time -v` calls "Maximum resident set size").
# The command's stdout goes to FILE (default /dev/null), its stderr to the
# -e FILE (default: inherited).  Standard library only.

import os
import sys
import time


def main():
    args = sys.argv[1:]
    out, err = os.devnull, None
    while args and args[0] in ("-o", "-e") and len(args) > 1:
        if args[0] == "-o":
            out = args[1]
        else:
            err = args[1]
        args = args[2:]
    if not args:
        sys.exit("usage: measure.py [-o FILE] [-e FILE] COMMAND [ARG...]")
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            if err is not None:
                fd = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                             0o644)
                os.dup2(fd, 2)
            os.execvp(args[0], args)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    print("%.3f %d %d" % (wall, usage.ru_maxrss, code))


if __name__ == "__main__":
    main()
