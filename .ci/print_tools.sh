# Sourced by .ci/run: LibreOffice (Calc) and poppler-utils for the printed-page
# tests (tests/test_print_layout.py), installed from Debian's packages when
# missing. Without them those tests are skipped, so CI makes sure they run.
install_print_tools() {
    if command -v soffice >/dev/null && command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null; then
        echo "LibreOffice and poppler-utils are installed"
        return
    fi
    echo "LibreOffice or poppler-utils not found: installing them from Debian's packages"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        libreoffice-calc-nogui poppler-utils fonts-liberation2 fonts-noto-cjk >/dev/null
}
