#!/usr/bin/env bash
# beside.sh CHECK... -- COMMAND: run the CHECKs one after the other in the background, at a low
# priority, while COMMAND runs in the foreground; then show each check's output whole (never
# mixed with COMMAND's or another check's) and exit non-zero if COMMAND or any check failed.
#
# `make test` runs the static checks (lint-imports, ruff, mypy: about 5 s of CPU on a fresh clone)
# beside the test suite: the suite leaves part of the CPU idle (browsers typing and waiting,
# servers polled), and at a low priority the checks take that part rather than the suite's.
set -u
checks=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do checks+=("$1"); shift; done
[ $# -gt 1 ] || { echo "usage: $0 CHECK... -- COMMAND [ARG...]" >&2; exit 2; }
shift
logs=$(mktemp -d)
# A process group of their own, so that an interrupted run stops the checks too.
setsid bash -c 'logs=$1; shift; i=0
  for check in "$@"; do
    nice -n 10 bash -c "$check" >"$logs/$i.out" 2>&1
    echo $? >"$logs/$i.rc"
    i=$((i + 1))
  done' beside "$logs" "${checks[@]}" &
background=$!
trap 'kill -- -$background 2>/dev/null; rm -rf "$logs"' EXIT
trap 'exit 130' INT TERM
echo "(the checks run beside this, at a low priority; their output follows it)"
"$@"
status=$?
wait "$background"
for i in "${!checks[@]}"; do
  rc=$(cat "$logs/$i.rc" 2>/dev/null || echo "?")
  echo
  if [ "$rc" = 0 ]; then echo "== ${checks[$i]}: passed"; else echo "== ${checks[$i]}: FAILED (exit $rc)"; status=1; fi
  cat "$logs/$i.out" 2>/dev/null
done
exit "$status"
