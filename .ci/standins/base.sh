#!/usr/bin/env bash
# Makes the image the Dockerfile's `FROM debian:12-slim` asks for, without a registry: Debian 12
# bootstrapped from the mirror this machine's apt uses, trimmed the way the official slim image is,
# and imported into podman under the official name. Run by .ci/compose-test.sh, as root, with
# podman's settings (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF) in the environment.
# Usage: base.sh IMAGE LABEL      (LABEL=value is stored on the image, so a changed recipe is seen)
#
# What differs from the official image, and why:
# - apt's sources are this machine's mirrors (bookworm, -updates, -security) and its Acquire
#   settings, because the official mirrors may not be reachable from here;
# - this machine's CA bundle is in /usr/local/share/host-ca.crt and /etc/pip.conf points pip at it:
#   the network here re-signs TLS, so pip inside a build would refuse PyPI without it.
set -euo pipefail

image=$1
label=$2
suite=bookworm

mirrors() { apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Created-By: Packages'; }
[ -n "$(mirrors)" ] || apt-get update -q >/dev/null  # apt's lists name the mirrors
mirror=$(mirrors | awk -v s="$suite" '$2 == s { print $1; exit }')
if [ -z "$mirror" ]; then
  echo "no apt source for Debian $suite on this machine (apt-get update first?)" >&2
  exit 1
fi

rootfs=$(mktemp -d /var/tmp/cameramap-base.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT

echo "==> bootstrapping Debian $suite from $mirror"
debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
  || { tail -n 20 "$rootfs.log" >&2; rm -f "$rootfs.log"; exit 1; }
rm -f "$rootfs.log"

# The official slim image's dpkg filter (/etc/dpkg/dpkg.cfg.d/docker), and its apt settings that
# keep layers small: no package cache, no translations.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
EOF
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
echo 'Acquire::GzipIndexes "true";' >"$rootfs/etc/apt/apt.conf.d/docker-gzip-indexes"
echo 'APT::AutoRemove::SuggestsImportant "false";' >"$rootfs/etc/apt/apt.conf.d/docker-autoremove-suggests"
find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$rootfs"/usr/share/{groff,info,linda,lintian,locale,man}/* \
  "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log

# This machine's mirrors and Acquire settings.
mirrors | awk -v s="$suite" '$2 == s || $2 == s "-updates" || $2 == s "-security" { print "deb", $0 }' \
  | sort -u >"$rootfs/etc/apt/sources.list"
apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|https?::Proxy)' \
  >"$rootfs/etc/apt/apt.conf.d/90host-acquire" || true
# This machine's CA bundle, for pip inside builds.
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/usr/local/share/host-ca.crt"
printf '[global]\ncert = /usr/local/share/host-ca.crt\n' >"$rootfs/etc/pip.conf"

echo "==> importing it as $image"
tar --numeric-owner -C "$rootfs" -c . \
  | podman import --quiet --change 'CMD ["bash"]' --change "LABEL $label" --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      - "$image" >/dev/null
