#!/usr/bin/env bash
# Installs the two Debian audio tools the local stack uses, unless they are already on PATH:
#   espeak-ng - the worker's offline `espeak` TTS provider (a session speaks with no API key);
#   sox       - converts espeak-ng speech to 16 kHz PCM for the test caller's microphone.
exec bash "$(dirname "${BASH_SOURCE[0]}")/apt-ensure.sh" espeak-ng=espeak-ng sox=sox
