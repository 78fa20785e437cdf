"""Hostile values that ``check`` must refuse before they reach a page, a terminal or the build
(security review of December 2026, findings F-1 to F-4, F-7, F-10, F-12, F-16, F-17): each gives one
German error that names file, line, column and field, and never a traceback or silently cut text."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from portal.common.formatting import euro
from portal.load.loader import load_catalogue
from portal.model.values import MAX_AMOUNT
from tests.conftest import REPO, errors_of
from tests.test_load_errors import NET, replace, single_error

# --- F-1: the settings that go into every page's edit link ----------------------------------


@pytest.mark.parametrize("value", [
    "'https://github.com/x/y\"><script>window.__pwned=1</script><a/x=\"'",
    "https://evil.example/phish",
    "https://github.com.evil.example/x/y",
    "https://github.com/x/y/edit/main",
    "http://github.com/x/y",
    "https://github.com/x/..",
])
def test_repository_must_be_exactly_a_github_repository(data_dir, value):
    replace(data_dir, "site.yml", "repository: https://github.com/transformationsportal-automobil/portal",
            f"repository: {value}")
    error = single_error(data_dir)
    assert "site.yml:" in error and ": repository: " in error and "keine Adresse eines GitHub-Repositorys" in error


@pytest.mark.parametrize("value", [
    "'main\"><script>window.__pwned=1</script><a x=\"'",
    "'main\"><img/src=\"x\"/onerror=\"window.__pwned=1\"><a/x=\"'",
    "../../evil", "-main", "ma in", "main/", "a..b", "x.lock",
])
def test_branch_must_be_a_plain_branch_name(data_dir, value):
    replace(data_dir, "site.yml", "branch: main", f"branch: {value}")
    error = single_error(data_dir)
    assert ": branch: " in error and "kein gültiger Zweigname" in error


def test_edit_links_are_url_quoted(data_dir):
    settings = load_catalogue(data_dir).settings
    assert settings.edit_url('data/x y"<>.yml') == (
        "https://github.com/transformationsportal-automobil/portal/edit/main/data/x%20y%22%3C%3E.yml"
    )


# --- F-2 and F-7: one character rule for raw text and decoded values -------------------------


@pytest.mark.parametrize(("escape", "code"), [
    ("\\u202E", "U+202E"), ("\\u200B", "U+200B"), ("\\u2066", "U+2066"), ("\\u061C", "U+061C"),
    ("\\uFEFF", "U+FEFF"), ("\\0", "U+0000"), ("\\e", "U+001B"), ("\\a", "U+0007"), ("\\N", "U+0085"),
    ("\\L", "U+2028"), ("\\P", "U+2029"), ("\\U000E0041", "U+E0041"), ("\\x1b", "U+001B"), ("\\u00AD", "U+00AD"),
    ("\\u3164", "U+3164"), ("\\uE000", "U+E000"),
])
def test_escapes_in_double_quoted_values_meet_the_character_rule(data_dir, escape, code):
    replace(data_dir, NET, "region: Musterregion", f'region: "Muster{escape}region"')
    error = single_error(data_dir)
    assert f"{NET}:5:9: region: " in error and code in error and "ist nicht erlaubt" in error


def test_escapes_in_keys_and_list_items_meet_the_character_rule(data_dir):
    replace(data_dir, NET, "  - Stadt Beispiel", '  - "Stadt\\u202eBeispiel"')
    assert f"{NET}:8:5: gebiete[2]: unsichtbares Zeichen U+202E" in single_error(data_dir)


def test_a_value_cannot_write_control_codes_to_the_terminal(tmp_path):
    """The review's terminal attack: an error message that sets the title, clears the screen and
    prints a green "Daten gültig"."""
    data = tmp_path / "data"
    subprocess.run(["cp", "-r", str(REPO / "tests" / "fixtures" / "minimal"), str(data)], check=True)
    replace(data, NET, "betrag_eur: 6770000", 'betrag_eur: "x\\e]0;PWNED\\a\\e[2J\\e[32mDaten gültig\\e[0m"')
    result = subprocess.run([sys.executable, "-m", "portal", "check", "--data", str(data)], cwd=REPO,
                            capture_output=True)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert b"\x1b" not in output and b"\x07" not in output
    assert b"U+001B" in output


def test_a_raw_line_separator_cannot_hide_a_second_key(data_dir):
    replace(data_dir, NET, "kurzname: BeNeT\n", "kurzname: BeNeT\u2028region: Versteckt\n")
    assert f"{NET}:3:16: (Datei): Zeilentrenner U+2028" in single_error(data_dir)


def test_ordinary_typography_is_allowed(data_dir):
    replace(data_dir, NET, "region: Musterregion", "region: „Muster“ – Región 1\u00a0000 € · Straße ✓")
    assert errors_of(data_dir) == []


# --- F-4: a comment after a plain value ---------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "where"), [
    ("name: Beispielnetzwerk Transformation Musterregion", "name: Netzwerk #1 Sachsen", ":2:16: name: "),
    ("  - Stadt Beispiel", "  - Stadt #2", ":8:11: gebiete[2]: "),
    ("stand: 2026-11-24", "stand: 2026-11-24 # geprüft", ":38:19: stand: "),
])
def test_text_after_a_hash_is_an_error_not_a_silent_cut(data_dir, old, new, where):
    replace(data_dir, NET, old, new)
    error = single_error(data_dir)
    assert where in error and "als Kommentar" in error and "Anführungszeichen" in error


def test_quoted_hashes_and_hashes_without_space_stay_text(data_dir):
    replace(data_dir, NET, "name: Beispielnetzwerk Transformation Musterregion", "name: 'Netzwerk #1 Sachsen'")
    replace(data_dir, NET, "region: Musterregion", "region: Region#1")
    replace(data_dir, NET, "  Das Netzwerk hilft", "  Wir sind #1. Das Netzwerk hilft")
    record = load_catalogue(data_dir).by_id["beispiel-netz"]
    assert record.name == "Netzwerk #1 Sachsen" and record.region == "Region#1"
    assert record.beschreibung.startswith("Wir sind #1.")


# --- F-3: Markdown within a budget ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("[" * 120_000, "Text ist zu lang (120000 Zeichen); höchstens 10.000 Zeichen"),
    ("[a](" * 2_000, "Text enthält 2000 eckige Klammern '['; höchstens 200 sind erlaubt"),
    ("[" * 16_000, "Text ist zu lang"),
    ("x [" * 300, "Text enthält 300 eckige Klammern"),
], ids=["120000-brackets", "2000-link-starts", "16000-brackets", "300-brackets-in-prose"])
def test_markdown_beyond_its_budget_is_refused(tmp_path, text, expected):
    """120,000 '[' once took more than an hour; the budget refuses it before any rendering."""
    data = tmp_path / "data"
    subprocess.run(["cp", "-r", str(REPO / "tests" / "fixtures" / "minimal"), str(data)], check=True)
    path = data / NET
    path.write_text(re.sub(r"(?s)beschreibung: \|.*?(?=hinweise:)", lambda _: f"beschreibung: '{text}'\n",
                           path.read_text(encoding="utf-8")), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "portal", "check", "--data", str(data)], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"{NET}:28:1: beschreibung: {expected}" in result.stdout


# --- F-10 and F-12: bounds the build relies on -------------------------------------------------


@pytest.mark.parametrize("digits", [15, 401, 5000])
def test_huge_amounts_are_refused(data_dir, digits):
    replace(data_dir, NET, "betrag_eur: 6770000", "betrag_eur: 1" + "0" * (digits - 1))
    error = single_error(data_dir)
    assert ": foerderung[1].betrag_eur: Zahl ist zu groß; höchstens 10.000.000.000.000 ist erlaubt" in error


def test_the_largest_amount_is_shown_exactly():
    assert euro(MAX_AMOUNT) == "10.000 Mrd. Euro"
    assert euro(MAX_AMOUNT - 1) == "9.999.999.999.999 Euro"
    assert euro(6_770_000) == "6,77 Mio. Euro"


def test_an_id_with_a_trailing_newline_is_refused(data_dir):
    (data_dir / "netzwerke" / "abc\n.yml").write_text((data_dir / NET).read_text(encoding="utf-8"), encoding="utf-8")
    errors = errors_of(data_dir)
    assert len(errors) == 1 and "(Dateiname): Dateiname 'abc\\x0a.yml' ist als Id ungültig" in errors[0]


@pytest.mark.parametrize("value", ["２０２２", "٢٠٢٢", "2022-٠٧"])
def test_dates_take_ascii_digits_only(data_dir, value):
    replace(data_dir, NET, "  - datum: 2022-07", f"  - datum: '{value}'")
    assert "keine Datumsangabe" in single_error(data_dir)


# --- F-16 and F-17: hosts that imitate others, addresses inside a network --------------------


@pytest.mark.parametrize(("url", "expected"), [
    ("https://xn--80ak6aa92e.com/", "U+0430"),
    ("https://аррӏе.com/", "U+0430"),
    ("https://еxample.com/", "U+0435"),
    ("https://ex%61mple.com/", "mit '%'"),
    ("https://127.0.0.1/", "IP-Adresse '127.0.0.1'"),
    ("https://10.0.0.1:8443/admin", "IP-Adresse '10.0.0.1'"),
])
def test_lookalike_hosts_and_ip_addresses_are_refused(data_dir, url, expected):
    replace(data_dir, NET, "website: https://beispiel.example.com/", f"website: {url}")
    error = single_error(data_dir)
    assert f"{NET}:14:" in error and ": website: " in error and expected in error


def test_lookalike_hosts_in_markdown_links_are_refused(data_dir):
    replace(data_dir, NET, "  Das Netzwerk hilft", "  [Mehr](https://exaаmple.com/) Das Netzwerk hilft")
    assert "U+0430" in single_error(data_dir)


def test_latin_international_hosts_stay_allowed(data_dir):
    replace(data_dir, NET, "website: https://beispiel.example.com/", "website: https://xn--bcher-kva.example.com/")
    assert errors_of(data_dir) == []


def test_a_list_names_each_record_once(data_dir):
    """Review F-17: 14,000 copies of one topic were accepted and made a 1.2 MB page."""
    replace(data_dir, NET, "themen: [batterie-wertschoepfung, datenoekosysteme]",
            "themen: [batterie-wertschoepfung, datenoekosysteme, batterie-wertschoepfung]")
    assert f"{NET}:15:" in single_error(data_dir)
    assert "themen[3]: 'batterie-wertschoepfung' steht schon in themen[1] (Zeile 15)" in single_error(data_dir)


def test_amounts_may_name_one_programme_again(data_dir):
    text = (data_dir / NET).read_text(encoding="utf-8")
    second = "  - datum: 2023\n    betrag_eur: 1000\n    programm: beispiel-aufruf\nlaufzeit:"
    (data_dir / NET).write_text(text.replace("laufzeit:", second, 1), encoding="utf-8")
    assert errors_of(data_dir) == []


def test_a_file_with_old_mac_line_endings_loads(data_dir):
    path = data_dir / NET
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    assert errors_of(data_dir) == []
    assert load_catalogue(data_dir).by_id["beispiel-netz"].region == "Musterregion"


@pytest.mark.parametrize("line_end", [b"\r\n", b"\r"])
def test_comments_after_values_are_found_whatever_the_line_ends(data_dir, line_end):
    path = replace(data_dir, NET, "region: Musterregion", "region: Muster #1")
    path.write_bytes(path.read_bytes().replace(b"\n", line_end))
    assert f"{NET}:5:16: region: Text nach ' #'" in single_error(data_dir)
