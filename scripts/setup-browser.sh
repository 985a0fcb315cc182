#!/usr/bin/env bash
# Installs Debian's Chromium for the editor tests (test/n8n/editor.test.ts drives it with
# playwright-core; playwright's own browser download cannot work offline).
exec bash "$(dirname "${BASH_SOURCE[0]}")/apt-ensure.sh" chromium=chromium
