# Helpers shared by ./marketwire and dev/services (sourced, never run).

log() { printf '[marketwire] %s\n' "$*" >&2; }
die() { printf '[marketwire] error: %s\n' "$*" >&2; exit 1; }

# apt_install PACKAGE...: install Debian packages, as root only
apt_install() {
  [ "$(id -u)" = 0 ] || die "missing: $*; install them (apt-get install $*) or run as root"
  log "installing $* (apt-get)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
