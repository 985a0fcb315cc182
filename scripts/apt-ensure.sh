#!/usr/bin/env bash
# Installs Debian packages for the commands that are not on PATH yet, e.g.
#   bash scripts/apt-ensure.sh espeak-ng=espeak-ng chromium=chromium g++=g++
# (command=package pairs), with apt-get as root or through sudo; says what to install otherwise.
set -euo pipefail
missing=()
for pair in "$@"; do
	command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "apt-ensure: please install ${missing[*]} with your system's package manager." >&2
	exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
		echo "apt-ensure: ${missing[*]} missing; run as root: apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
fi
echo "apt-ensure: installing ${missing[*]} (Debian packages)" >&2
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
