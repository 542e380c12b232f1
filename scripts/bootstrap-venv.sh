#!/usr/bin/env bash
# Create the project's virtualenv. On a fresh Debian, python3-venv may be missing:
# install it when we are root, otherwise say what to run.
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}
if [ -x "$venv/bin/python" ]; then exit 0; fi
if ! command -v "$python" >/dev/null 2>&1 || ! "$python" -m venv "$venv" >/dev/null 2>&1; then
  rm -rf "$venv"
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing python3 and python3-venv …"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv python3-pip git >/dev/null
    python=python3
    "$python" -m venv "$venv"
  else
    echo "Cannot create $venv: run 'sudo apt-get install python3 python3-venv'" >&2
    exit 2
  fi
fi
