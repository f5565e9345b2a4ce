# Sourced by ./segmentij and ./run-tests: installs what a fresh Debian machine lacks.
# Java 17 and Maven are needed to build; xvfb and xauth to test ImageJ macros in a virtual display.

_apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "Missing: $*. Install them with: sudo apt-get install -y $*" >&2
    exit 1
  fi
  echo "Installing $* (apt-get)..." >&2
  if [ -z "${_APT_UPDATED:-}" ]; then apt-get update -qq >&2; _APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_java_maven() {
  local need=()
  if ! command -v javac >/dev/null 2>&1 || ! javac -version 2>&1 | grep -Eq 'javac (1[7-9]|[2-9][0-9])'; then
    need+=(openjdk-17-jdk-headless)
  fi
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  if [ ${#need[@]} -gt 0 ]; then _apt_install "${need[@]}"; fi
}

ensure_xvfb() {
  local need=()
  command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb)
  command -v xauth >/dev/null 2>&1 || need+=(xauth)
  if [ ${#need[@]} -gt 0 ]; then _apt_install "${need[@]}"; fi
}
