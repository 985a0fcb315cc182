#!/usr/bin/env bash
# Installs the two Debian audio tools the local stack uses, unless they are already on PATH:
#   espeak-ng - the worker's offline `espeak` TTS provider (a session speaks with no API key);
#   sox       - converts espeak-ng speech to 16 kHz PCM for the test caller's microphone.
set -euo pipefail
missing=()
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v sox >/dev/null 2>&1 || missing+=(sox)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "setup-audio: please install ${missing[*]} with your system's package manager." >&2
	exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
		echo "setup-audio: ${missing[*]} missing; run as root: apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
fi
echo "setup-audio: installing ${missing[*]} (Debian packages)" >&2
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
