#!/usr/bin/env bash
# Set up everything gongkai needs on a fresh machine with Python 3.11 and the package registries:
# a virtual environment with the package and its test tools, and the Debian packages for browser
# tests, CJK fonts (PDF rendering, screenshots) and OCR. Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.gongkai-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[test,ocr]'
  touch "$stamp"
fi

# Debian packages: chromium (browser tests), fonts-noto-cjk (PDF/screenshots), poppler-utils,
# tesseract-ocr-chi-sim (OCR fallback). Installed when missing and apt is usable (root).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto.*CJK" || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-chi-sim)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "setup: please install with your package manager: ${need[*]}" >&2
  fi
fi
