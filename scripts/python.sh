#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 on this machine, or fails with a one-line reason.
# Tried in order: $PYTHON, python3.13, python3.12, python3, then pyenv's interpreters.
set -u
candidates=("${PYTHON:-}" python3.13 python3.12 python3)
for dir in "$HOME"/.pyenv/versions/*/bin; do candidates+=("$dir/python3"); done
for candidate in "${candidates[@]}"; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if "$path" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    echo "$path"
    exit 0
  fi
done
echo "no Python >= 3.12 found (tried python3.13, python3.12, python3, ~/.pyenv/versions/*); install one or set PYTHON=/path/to/python" >&2
exit 1
