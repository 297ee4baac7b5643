#!/usr/bin/env bash
# Install the Debian/Ubuntu packages CallCoach uses that pip cannot provide, when they are missing.
#   tools/system-packages.sh run    Qt's X11 platform libraries and libpulse0 (Qt Multimedia: audio playback)
#   tools/system-packages.sh test   libpulse0, poppler-utils (the PDF tests), postgresql (team-library tests), strace (offline test)
# Without apt-get, or without root or password-less sudo, it prints the command to run and carries on: the app
# still starts (playback is then reported as unavailable), and the tests that need a missing tool say why they skip.
set -euo pipefail
mode="${1:-run}"
case "$mode" in
    run) wanted=(libpulse0 libegl1 libfontconfig1 libdbus-1-3 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
                 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xkb1) ;;
    test) wanted=(libpulse0 poppler-utils postgresql strace) ;;
    *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
command -v dpkg-query >/dev/null || exit 0  # not Debian-like: nothing to check here
missing=()
for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"
else
    echo "CallCoach: missing system packages: ${missing[*]}" >&2
    echo "  install them with: sudo apt-get install ${missing[*]}" >&2
    exit 0
fi
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
