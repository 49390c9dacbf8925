#!/bin/sh
# Install the Debian packages in $APT_PACKAGES that are missing.
# As root: installs them. Otherwise: prints the exact apt line and stops.
set -e
missing=""
for pkg in $APT_PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "fundtracker needs these system packages; install them and run make again:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "installing system packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
