#!/usr/bin/env bash
# Set up IOC Wall Console on a fresh Debian 12 machine: system libraries Qt needs,
# a virtual environment in .venv with the console and its test tools, and the offline
# map assets. Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")"

# Libraries that the PySide6 wheels link against (offscreen, WebEngine, xcb). See docs/SETUP.md.
APT_PACKAGES=(python3 python3-venv libglib2.0-0 libdbus-1-3 libxkbcommon0 libfontconfig1
  libfreetype6 libx11-6 libgl1 libegl1 libnss3 libasound2 libxkbfile1 libxcomposite1
  libxdamage1 libxrandr2 libxtst6 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 fonts-dejavu-core)
# Camera streams (QtMultimedia) need PulseAudio's client library; without it the camera tile
# still shows snapshots. sqlite3 is the command-line tool for reading the audit trail by hand.
# Neither is needed to run the console, so a failed install only warns.
OPTIONAL_APT_PACKAGES=(libpulse0 sqlite3)

not_installed() {  # prints the packages of "$@" that dpkg does not list as installed
  command -v dpkg-query >/dev/null 2>&1 || return 0
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || echo "$package"
  done
}
apt_updated=""
apt_install() {
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  [ -n "$apt_updated" ] || { $sudo apt-get update -qq && apt_updated=1; } || return 1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

mapfile -t missing < <(not_installed "${APT_PACKAGES[@]}")
if [ ${#missing[@]} -gt 0 ]; then
  # python3 from pyenv (as on the CI machines) makes Debian's python3 optional
  if command -v python3 >/dev/null && python3 -m venv --help >/dev/null 2>&1; then
    filtered=(); for p in "${missing[@]}"; do
      [[ "$p" == python3 || "$p" == python3-venv ]] || filtered+=("$p"); done
    missing=("${filtered[@]+"${filtered[@]}"}")
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing system packages: ${missing[*]}"
  apt_install "${missing[@]}"
fi

mapfile -t optional_missing < <(not_installed "${OPTIONAL_APT_PACKAGES[@]}")
if [ ${#optional_missing[@]} -gt 0 ]; then
  apt_install "${optional_missing[@]}" \
    || echo "bootstrap: warning: could not install ${optional_missing[*]} (optional, see above)"
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import ioc_console.widgets, PySide6" \
  || { echo "bootstrap: the installation failed" >&2; exit 1; }
if [ -x tools/fetch_map_assets.sh ]; then tools/fetch_map_assets.sh; fi
echo "bootstrap: ready (.venv)"
