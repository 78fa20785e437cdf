"""Bad editor input: each class of problem from reliability.md's table gives one clear error that
names file, line, column and field, and never a traceback or silently wrong data."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import pytest

from portal.load import filecache
from portal.load.filecache import FileCache
from portal.load.filereader import MAX_SUGGESTIONS
from portal.load.loader import load_catalogue
from tests.conftest import errors_of

NET = "netzwerke/beispiel-netz.yml"


def replace(data: Path, rel: str, old: str, new: str) -> Path:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def single_error(data: Path) -> str:
    errors = errors_of(data)
    assert len(errors) == 1, errors
    return errors[0]


def test_fixture_is_valid(data_dir):
    assert errors_of(data_dir) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # 1: a tag that would execute code under yaml.Loader
        ("region: Musterregion", "region: !!python/object/apply:os.system ['id']",
         ":5:9: (Datei): YAML-Tag 'tag:yaml.org,2002:python/object/apply:os.system' ist nicht erlaubt"),
        # 3: anchors and aliases (the alias-bomb building block)
        ("region: Musterregion", "region: &a0 Musterregion", ":5:9: (Datei): Anker '&a0' ist nicht erlaubt"),
        ("kurzname: BeNeT", "kurzname: &k BeNeT\nregion2: *k", ":3:11: (Datei): Anker '&k' ist nicht erlaubt"),
        # 5: merge key
        ("region: Musterregion", "region:\n  <<: {ort: Dresden}", ":6:3: (Datei): Merge-Schlüssel '<<' ist nicht erlaubt"),
        # 6 and 7: duplicate keys, also a second top-level block
        ("kurzname: BeNeT", "kurzname: BeNeT\nkurzname: Zwei", ":4:1: kurzname: doppelter Feldname 'kurzname' (zuerst in Zeile 3)"),
        ("stand: 2026-11-24", "stand: 2026-11-24\nthemen: [datenoekosysteme]",
         ": themen: doppelter Feldname 'themen' (zuerst in Zeile 15)"),
        # 16, 17: dates
        ("stand: 2026-11-24", "stand: 2024-02-30", ": stand: '2024-02-30' ist kein gültiges Kalenderdatum"),
        ("stand: 2026-11-24", "stand: 31.12.2024", ": stand: '31.12.2024' ist kein Datum im Format JJJJ-MM-TT"),
        # 20: ': ' inside an unquoted value
        ("region: Musterregion", "region: Kontakt: info", ":5:16: (YAML): YAML-Syntaxfehler: ein Doppelpunkt mit Leerzeichen"),
        # 22: empty and null required values
        ("name: Beispielnetzwerk Transformation Musterregion", "name:", ":2:1: name: darf nicht leer sein"),
        ("name: Beispielnetzwerk Transformation Musterregion", "name: ~", ":2:1: name: darf nicht leer sein"),
        ("name: Beispielnetzwerk Transformation Musterregion", "name: '   '", ":2:1: name: darf nicht leer sein"),
        # 23: a second document
        ("stand: 2026-11-24", "stand: 2026-11-24\n---\nname: x", "(Datei): nur ein YAML-Dokument pro Datei erlaubt"),
        # 31: a typo in a key must not drop text silently
        # booleans only as true/false (10)
        ("    rolle: Qualifizierung", "    rolle: Qualifizierung\n    unsicher: on",
         ": partner[1].unsicher: 'on' ist kein Wahrheitswert; schreiben Sie true oder false"),
        # amounts are digits only
        ("betrag_eur: 6770000", "betrag_eur: 6,77 Mio.", ": foerderung[1].betrag_eur: '6,77 Mio.' ist keine ganze Zahl"),
        # Länder are the 16 ISO codes (9: NO stays the text NO and is reported as such)
        ("laender: [DE-SN, DE-TH]", "laender: [DE-SN, NO]", ":4:18: laender[2]: unbekanntes Land 'NO'"),
        # wrong shapes
        ("region: Musterregion", "region: [a, b]", ":5:1: region: erwartet einen einzelnen Wert"),
        ("koordination: [beispiel-ihk]", "koordination: beispiel-ihk", ": koordination: erwartet eine Liste"),
        # 52: unknown references, with the line of the reference
        ("koordination: [beispiel-ihk]", "koordination: [gibtsnicht]",
         ":9:16: koordination[1]: 'gibtsnicht' ist kein bekannter Eintrag vom Typ Organisation"),
        ("themen: [batterie-wertschoepfung, datenoekosysteme]", "themen: [batterie-wertschoepfung, beispiel-ihk]",
         ": themen[2]: 'beispiel-ihk' ist kein bekannter Eintrag vom Typ Thema (es ist ein Eintrag vom Typ Organisation)"),
        # end before start
        ("      ende: 2025-06-30", "      ende: 2021-06-30", ": foerderung[1].zeitraum.ende: Ende 2021-06-30 liegt vor dem Beginn 2022-07-01"),
        ("    bis: 2025-06-30", "    seit: 2026\n    bis: 2025-06-30", ": partner[1].bis: Ende 2025-06-30 liegt vor dem Beginn 2026"),
        # Markdown: raw HTML, images and link schemes (38-44)
        ("  Das Netzwerk hilft", "  <b>Das</b> Netzwerk hilft", ": beschreibung: HTML ist nicht erlaubt ('<b>')"),
        ("  Das Netzwerk hilft", "  ![p](https://tracker.example/p.gif) Das Netzwerk hilft",
         ": beschreibung: Bilder sind in Textfeldern nicht erlaubt ('https://tracker.example/p.gif')"),
        ("  Das Netzwerk hilft", "  [klick](javascript:alert(1)) Das Netzwerk hilft",
         ": beschreibung: Link „klick“ ('javascript:alert(1)'): Adressschema 'javascript:' ist nicht erlaubt"),
        ("  Das Netzwerk hilft", "  [klick](java&#x09;script:alert(1)) Das Netzwerk hilft",
         ": beschreibung: Link „klick“ ('java\\tscript:alert(1)'): Leer- oder Steuerzeichen"),
    ],
)
def test_bad_network_file(data_dir, old, new, expected):
    replace(data_dir, NET, old, new)
    error = single_error(data_dir)
    assert error.startswith(f"{data_dir.as_posix()}/{NET}:") or error.startswith(f"{os.path.relpath(data_dir)}/{NET}:")
    assert expected in error


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "Adressschema 'javascript:' ist nicht erlaubt"),
        ("JaVaScRiPt:alert(1)", "Adressschema 'JaVaScRiPt:' ist nicht erlaubt"),
        ('"java\\tscript:alert(1)"', "Leer- oder Steuerzeichen in der Adresse"),
        ('" javascript:alert(1)"', "Leer- oder Steuerzeichen in der Adresse"),
        ("//evil.example/x", "Adresse muss mit https:// beginnen"),
        ("data:text/html,x", "Adressschema 'data:' ist nicht erlaubt"),
        ("http://beispiel.example.com/", "Adressschema 'http:' ist nicht erlaubt"),
        ("https://user:pw@host.example.com/", "Zugangsdaten in der Adresse sind nicht erlaubt"),
        ("mailto:info@example.com", "Adressschema 'mailto:' ist nicht erlaubt; erlaubt ist nur https://"),
        ("https://localhost/x", "Adresse ohne gültigen Servernamen"),
        ("https://beispiel.example.com./x", "Adresse ohne gültigen Servernamen"),
        ('"https://beispiel.example.com/a b"', "Leer- oder Steuerzeichen in der Adresse"),
        ('"https://beispiel.example.com/a\\u00a0b"', "Leer- oder Steuerzeichen in der Adresse"),
        ("https://@beispiel.example.com/", "Zugangsdaten in der Adresse sind nicht erlaubt"),
        ("HTTPS://beispiel.example.com/", "Adressschema 'HTTPS:' ist nicht erlaubt; erlaubt ist nur https://"),
        ('"https://[x/"', "ungültige Adresse"),
        ("https://beispiel.example.com:acht/", "ungültige Adresse"),
    ],
)
def test_bad_url(data_dir, url, message):
    replace(data_dir, NET, "website: https://beispiel.example.com/", f"website: {url}")
    error = single_error(data_dir)
    assert f"{NET}:14:1:" in error and f": website: {message}" in error


@pytest.mark.parametrize(
    "url",
    [
        "https://beispiel.example.com/a/b-c_d.html?x=1&y=%20#teil",
        "https://beispiel.example.com:8443/",
        "https://bücher.example.com/straße",
        "https://beispiel.example.com/a@b",
    ],
)
def test_good_url(data_dir, url):
    replace(data_dir, NET, "website: https://beispiel.example.com/", f"website: {url}")
    assert errors_of(data_dir) == []


def test_ampersands_in_markdown_are_text(data_dir):
    replace(data_dir, NET, "  Das Netzwerk hilft", "  Müller GmbH & Co. KG, A&amp;B, &lt;b&gt; und &#x3C;i&#x3E;: Das Netzwerk hilft")
    assert errors_of(data_dir) == []


def test_scalars_stay_strings(data_dir):
    """9, 11, 15: NO, 01067 and 17:30 survive as written."""
    replace(data_dir, NET, "kurzname: BeNeT", "kurzname: NO")
    replace(data_dir, "veranstaltungen/vernetzungstreffen-stuttgart-2023.yml", 'beginn_uhrzeit: "09:30"',
            'beginn_uhrzeit: "09:30"\nende_uhrzeit: 17:30')
    replace(data_dir, "site.yml", 'plz: "[Platzhalter: PLZ]"', "plz: 01067")
    catalogue = load_catalogue(data_dir)
    assert catalogue.by_id["beispiel-netz"].kurzname == "NO"
    assert catalogue.by_id["vernetzungstreffen-stuttgart-2023"].ende_uhrzeit == "17:30"
    assert catalogue.settings.betreiber.plz == "01067"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"\t", "Tabulatoren sind zur Einr"),  # 24 (appended as an indented tab line below)
        (b"\x00", "Steuerzeichen U+0000 ist nicht erlaubt"),  # 26
        (b"\x1b", "Steuerzeichen U+001B ist nicht erlaubt"),
        ("\u200b".encode(), "unsichtbares Zeichen U+200B (ZERO WIDTH SPACE)"),
        ("\ufffe".encode(), "nicht vergebenes Zeichen U+FFFE"),  # libyaml would crash on it
        # Past the old list (review F-7): found by Unicode category, not by a list.
        ("\u061c".encode(), "unsichtbares Zeichen U+061C (ARABIC LETTER MARK)"),
        ("\U000e0041".encode(), "unsichtbares Zeichen U+E0041 (TAG LATIN CAPITAL LETTER A)"),
        ("Ab\u00adsatz".encode(), "unsichtbares Zeichen U+00AD (SOFT HYPHEN)"),
        ("\u3164".encode(), "unsichtbares Zeichen U+3164 (HANGUL FILLER)"),
        ("\ue000".encode(), "Zeichen aus dem privaten Bereich U+E000"),
        ("x\u2028kurzname: Versteckt".encode(), "Zeilentrenner U+2028 (LINE SEPARATOR)"),
        ("G\u00f6rlitz".encode("latin-1"), "nicht in UTF-8 gespeichert"),  # 25
    ],
)
def test_bad_bytes_name_their_line(data_dir, raw, expected):
    path = data_dir / NET
    lines = path.read_bytes().split(b"\n")
    lines[5] = (b"\tregion: x" if raw == b"\t" else b"region: " + raw)
    path.write_bytes(b"\n".join(lines))
    error = single_error(data_dir)
    assert f"{NET}:6:" in error and expected in error


def test_deep_nesting_and_size(data_dir):
    (data_dir / NET).write_text((data_dir / NET).read_text() + "x: " + "[" * 500 + "\n", encoding="utf-8")
    assert "Verschachtelung tiefer als 32 Ebenen" in single_error(data_dir)  # 29
    (data_dir / NET).write_text("# x\n" + "a" * 300_000, encoding="utf-8")
    assert "Datei ist größer als 256000 Bytes" in single_error(data_dir)  # 30


def test_alias_bomb_is_rejected_fast(data_dir):
    bomb = "\n".join([
        'a0: &a0 ["x","x","x","x","x","x","x","x","x"]',
        *[f"a{i}: &a{i} [*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1}]" for i in range(1, 9)],
    ])
    (data_dir / NET).write_text(bomb, encoding="utf-8")
    assert ":1:5: (Datei): Anker '&a0' ist nicht erlaubt" in single_error(data_dir)


def test_ids_are_unique_ignoring_case_and_kind(data_dir):
    (data_dir / "hubs" / "beispiel-netz.yml").write_text((data_dir / "hubs" / "traweba.yml").read_text(), encoding="utf-8")
    errors = errors_of(data_dir)
    assert any("beispiel-netz.yml:1:1: (Dateiname): Id 'beispiel-netz' ist schon vergeben an" in e for e in errors)
    (data_dir / "hubs" / "beispiel-netz.yml").unlink()
    (data_dir / "hubs" / "Gross.yml").write_text("x", encoding="utf-8")
    assert "Dateiname 'Gross.yml' ist als Id ungültig" in single_error(data_dir)


def test_misplaced_files_and_symlinks_are_errors(data_dir, tmp_path):
    (data_dir / "netzwerke" / "notiz.txt").write_text("x", encoding="utf-8")
    (data_dir / "netzwrke").mkdir()
    secret = tmp_path / "secret.yml"
    secret.write_text("x: 1", encoding="utf-8")
    (data_dir / "hubs" / "link.yml").symlink_to(secret)
    errors = "\n".join(errors_of(data_dir))
    assert "notiz.txt:1:1: (Datei): unerwartete Datei" in errors
    assert "netzwrke:1:1: (Datei): unerwarteter Eintrag im Datenordner" in errors
    assert "link.yml:1:1: (Datei): symbolische Links sind im Datenordner nicht erlaubt" in errors


def test_typo_in_a_key_is_reported_where_it_stands(data_dir):
    replace(data_dir, NET, "beschreibung: |", "beschreibumg: |")
    errors = errors_of(data_dir)
    assert [e.split(": ", 1)[1] for e in errors] == [
        "beschreibung: Pflichtfeld fehlt",
        "beschreibumg: unbekanntes Feld (Tippfehler?); Meinten Sie 'beschreibung'?",
    ]
    assert ":28:1: beschreibumg" in errors[1]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("website: https://", "webseite: https://", ": webseite: unbekanntes Feld (Tippfehler?); Meinten Sie 'website'?"),
        ("    rolle: Qualifizierung", "    role: Qualifizierung",
         ": partner[1].role: unbekanntes Feld (Tippfehler?); Meinten Sie 'rolle'?"),
        ("website: https://", "zugangsweg: https://",
         ": zugangsweg: unbekanntes Feld (Tippfehler?); die Feldreferenz nennt alle Felder, die es gibt"),
    ],
)
def test_a_near_miss_key_gets_a_suggestion_also_inside_lists(data_dir, old, new, expected):
    replace(data_dir, NET, old, new)
    errors = errors_of(data_dir)
    assert any(expected in error for error in errors), errors


def test_a_near_miss_id_gets_a_suggestion_of_the_right_kind(data_dir):
    replace(data_dir, NET, "koordination: [beispiel-ihk]", "koordination: [beispiel-ihkk]")
    assert single_error(data_dir).endswith(
        ": koordination[1]: 'beispiel-ihkk' ist kein bekannter Eintrag vom Typ Organisation; erwartet wird der "
        "Dateiname (ohne .yml) eines Eintrags in data/organisationen/. Meinten Sie 'beispiel-ihk'?")
    replace(data_dir, NET, "koordination: [beispiel-ihkk]", "koordination: [datenoekosystem]")
    assert "Meinten Sie" not in single_error(data_dir)  # a topic's id is no suggestion for an organisation


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("kurzname: BeNeT", " kurzname: BeNeT",
         ":3:2: kurzname: Einrückung passt nicht: 'kurzname' steht 1 Leerzeichen weiter rechts als 'name' in "
         "Zeile 2. Rücken Sie es genau unter 'name' ein"),
        ("    rolle: Qualifizierung", "     rolle: Qualifizierung",
         "rolle: Einrückung passt nicht: 'rolle' steht 1 Leerzeichen weiter rechts als 'organisation' in Zeile"),
    ],
)
def test_a_key_indented_one_space_too_far_is_named_as_such(data_dir, old, new, expected):
    replace(data_dir, NET, old, new)
    error = single_error(data_dir)
    assert expected in error and "Anführungszeichen" not in error.split("(")[0]


def test_schema_line_is_required(data_dir):
    replace(data_dir, NET, "# yaml-language-server: $schema=../../schemas/netzwerk.schema.json\n", "")
    assert "(Schema-Zeile): erste Zeile fehlt" in single_error(data_dir)


def test_all_errors_of_all_files_in_one_pass(data_dir):
    replace(data_dir, NET, "stand: 2026-11-24", "stand: gestern")
    replace(data_dir, NET, "betrag_eur: 6770000", "betrag_eur: viel")
    replace(data_dir, "hubs/traweba.yml", "name: Beispiel-Hub Batterie", "nme: Beispiel-Hub Batterie")
    replace(data_dir, "themen/batterie-wertschoepfung.yml", "verwandte_themen: [datenoekosysteme]", "verwandte_themen: [gibtsnicht]")
    errors = errors_of(data_dir)
    assert len(errors) == 5, errors  # the hub has an unknown key and a missing name
    assert [e.split(":", 1)[0].rsplit("/", 2)[-2:] for e in errors] == [
        ["hubs", "traweba.yml"], ["hubs", "traweba.yml"], ["netzwerke", "beispiel-netz.yml"],
        ["netzwerke", "beispiel-netz.yml"], ["themen", "batterie-wertschoepfung.yml"]]


def test_references_to_a_file_with_errors_are_not_reported_again(data_dir):
    """Only the referenced file's own error is reported, whatever kind the reference expects."""
    replace(data_dir, "organisationen/beispiel-ihk.yml", "stand:", "stnd:")
    replace(data_dir, NET, "themen: [batterie-wertschoepfung, datenoekosysteme]", "themen: [batterie-wertschoepfung, beispiel-ihk]")
    errors = errors_of(data_dir)
    assert all("organisationen/beispiel-ihk.yml" in e for e in errors), errors


def test_a_record_cannot_name_itself(data_dir):
    replace(data_dir, "themen/batterie-wertschoepfung.yml", "verwandte_themen: [datenoekosysteme]",
            "verwandte_themen: [batterie-wertschoepfung]")
    assert single_error(data_dir).endswith(": verwandte_themen[1]: ein Eintrag kann nicht auf sich selbst verweisen")


def test_only_the_first_unknown_ids_of_a_file_get_suggestions(data_dir):
    """Each suggestion compares with every id of the kind; a file full of unknown ids stays quick."""
    ids = ", ".join(f"beispiel-ihk{n}" for n in range(40))
    replace(data_dir, NET, "koordination: [beispiel-ihk]", f"koordination: [{ids}]")
    errors = errors_of(data_dir)
    assert len(errors) == 40 and sum("Meinten Sie 'beispiel-ihk'?" in e for e in errors) == MAX_SUGGESTIONS


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        ("foerderprogramme/beispiel-aufruf.yml", "datum: 2021-07-02\nvolumen:",
         "datum: 2021-07-02\nlaufzeit:\n  beginn: 2022\n  ende: 2021\nvolumen:",
         ": laufzeit.ende: Ende 2021 liegt vor dem Beginn 2022"),
        ("foerderprogramme/beispiel-aufruf.yml", "    genauigkeit: bis zu",
         "    genauigkeit: bis zu\n    zeitraum:\n      beginn: 2023-02\n      ende: 2023-01",
         ": volumen[1].zeitraum.ende: Ende 2023-01 liegt vor dem Beginn 2023-02"),
        ("veranstaltungen/beispiel-zukunft.yml", "beginn: 2099-01-15", "beginn: 2099-01-15\nende: 2099-01-14",
         ":4:1: ende: Ende 2099-01-14 liegt vor dem Beginn 2099-01-15"),
    ],
)
def test_every_period_of_every_kind_ends_after_it_begins(data_dir, path, old, new, expected):
    replace(data_dir, path, old, new)
    assert expected in single_error(data_dir)


def test_files_read_before_still_report_references_to_records_deleted_since_and_back_links_follow_edits(data_dir):
    """Under ``mkdocs serve`` a file whose bytes did not change is not read again (portal.load.filecache):
    its references, made once, must still be checked against the records there are now, and the
    back-links must come from what each file says now."""
    cache = FileCache()
    load = partial(load_catalogue, cache=cache)
    named_by = lambda catalogue: {link.source.id for link in catalogue.back_links("datenoekosysteme")}  # noqa: E731
    assert "beispiel-netz" in named_by(load(data_dir))
    topic = data_dir / "themen" / "datenoekosysteme.yml"
    kept = topic.read_text(encoding="utf-8")
    topic.unlink()
    errors = errors_of(data_dir, load)
    assert any(f"{NET}:15:" in error and "'datenoekosysteme' ist kein bekannter Eintrag" in error for error in errors), \
        errors
    topic.write_text(kept, encoding="utf-8")
    assert "beispiel-netz" in named_by(load(data_dir))
    replace(data_dir, NET, "themen: [batterie-wertschoepfung, datenoekosysteme]", "themen: [batterie-wertschoepfung]")
    assert "beispiel-netz" not in named_by(load(data_dir))


def _settled(monkeypatch) -> None:
    """Let the file cache read as if a minute had passed since the data folder was written."""
    later = filecache.time.time_ns() + 60_000_000_000
    monkeypatch.setattr(filecache.time, "time_ns", lambda: later)


def _name_after_same_size_edit(data_dir: Path, load) -> str:
    """Rename the network keeping the file's size and modification time (as ``touch -r`` would
    leave them); the name the next load gives it."""
    path = data_dir / NET
    before = path.stat()
    replace(data_dir, NET, "name: Beispielnetzwerk", "name: Beispielnetzwerq")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    return load(data_dir).by_id["beispiel-netz"].name


def test_a_file_edited_since_it_was_read_is_read_again_though_its_size_and_time_are_the_same(
        data_dir, monkeypatch):
    """Under ``mkdocs serve`` the file cache does not read a file again whose status has not changed
    since it was read (portal.load.filecache); an edit that keeps the size and the modification
    time still changes the file's change time, and shows."""
    load = partial(load_catalogue, cache=FileCache())
    _settled(monkeypatch)
    load(data_dir)
    assert _name_after_same_size_edit(data_dir, load).startswith("Beispielnetzwerq")


def test_a_file_read_in_the_tick_it_was_written_in_is_read_again_whatever_its_status(data_dir, monkeypatch):
    """A file changed in the same tick of the file system's clock as it was read keeps its status;
    such a file is read again on the next load, until it has been read well after its last change."""
    statuses = {}  # a file system whose clock does not move: every file keeps its first status
    real = filecache._status
    monkeypatch.setattr(filecache, "_status", lambda path: statuses.setdefault(path, real(path)))
    load = partial(load_catalogue, cache=FileCache())
    load(data_dir)
    assert _name_after_same_size_edit(data_dir, load).startswith("Beispielnetzwerq")


def test_a_settled_file_whose_status_is_unchanged_is_not_read_again(data_dir, monkeypatch):
    cache = FileCache()
    _settled(monkeypatch)
    load_catalogue(data_dir, cache=cache)
    versions = dict(cache.versions)
    opened = []
    monkeypatch.setattr(filecache, "open", lambda path, *args: opened.append(path) or open(path, *args),  # noqa: SIM115
                        raising=False)
    replace(data_dir, NET, "name: Beispielnetzwerk", "name: Geändertes Netzwerk")
    catalogue = load_catalogue(data_dir, cache=cache)
    assert catalogue.by_id["beispiel-netz"].name.startswith("Geändertes Netzwerk")
    assert [Path(path).relative_to(data_dir).as_posix() for path in opened] == [NET]
    assert {key: value for key, value in cache.versions.items() if key != "beispiel-netz"} == \
        {key: value for key, value in versions.items() if key != "beispiel-netz"}
