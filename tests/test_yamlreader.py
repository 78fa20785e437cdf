"""The YAML reader gives the same values and the same exact positions whether a file is clean
(read by the lean walk, positions found on demand) or has a problem deep inside (read by the exact
walk), and the problem is named at its own line and column."""

from __future__ import annotations

import pytest

from portal.load.yamlreader import YamlProblem, read_yaml

CLEAN = """\
# yaml-language-server: $schema=../../schemas/netzwerk.schema.json
name: Netz
leer:
tilde: ~
zitiert: "~"
nein: NO
plz: 01067
zeit: 17:30
'<<': zitiert erlaubt
quellen:
""" + "".join(f"  - titel: Quelle {n}\n    url: https://q{n}.example.com/a\n" for n in range(1, 41)) + """\
ort: {stadt: Dresden, land: DE-SN}
"""


def test_clean_file_keeps_every_scalar_as_written_text():
    value = read_yaml(CLEAN.encode(), "f.yml").value
    assert value["leer"] is None and value["tilde"] is None
    assert (value["zitiert"], value["nein"], value["plz"], value["zeit"]) == ("~", "NO", "01067", "17:30")
    assert value["<<"] == "zitiert erlaubt"
    assert value["quellen"][39] == {"titel": "Quelle 40", "url": "https://q40.example.com/a"}
    assert value["ort"] == {"stadt": "Dresden", "land": "DE-SN"}


@pytest.mark.parametrize(
    ("path", "position"),
    [
        (("quellen", 39, "url"), (90, 5)),  # a key deep inside
        (("quellen", 39), (89, 5)),  # a list entry
        (("ort", "land"), (91, 23)),  # inside a flow mapping
        (("quellen", 99, "url"), (10, 1)),  # missing: the nearest field that exists
        (("gibtsnicht",), (2, 1)),  # missing at the top: where the fields begin
    ],
)
def test_clean_file_positions_are_exact(path, position):
    assert read_yaml(CLEAN.encode(), "f.yml").position(path) == position


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("    url: &a https://x.example.com/", "90:10: (Datei): Anker '&a' ist nicht erlaubt"),
        ("    url: !!str https://x.example.com/", "90:10: (Datei): YAML-Tag 'tag:yaml.org,2002:str' ist nicht erlaubt"),
        ("    titel: Quelle 40", "90:5: quellen[40].titel: doppelter Feldname 'titel' (zuerst in Zeile 89)"),
        ("    <<: {a: b}", "90:5: (Datei): Merge-Schlüssel '<<' ist nicht erlaubt"),
        ("    url: Kontakt: x", "90:17: (YAML): YAML-Syntaxfehler: ein Doppelpunkt mit Leerzeichen"),
        ("    [a]: b", "90:5: (Datei): ein Feldname muss ein einfacher Text sein"),
    ],
)
def test_problem_deep_inside_a_long_file_names_its_line_and_column(line, expected):
    lines = CLEAN.split("\n")
    lines[89] = line  # line 90: the url of the 40th source
    with pytest.raises(YamlProblem) as caught:
        read_yaml("\n".join(lines).encode(), "f.yml")
    assert str(caught.value.error).startswith(f"f.yml:{expected}")


def test_nesting_limit_is_32_levels_with_the_file_itself_as_the_first():
    def nested(levels: int) -> bytes:
        return (CLEAN + "x: " + "[" * levels + "]" * levels + "\n").encode()

    assert read_yaml(nested(31), "f.yml").position(("x",)) == (92, 1)
    with pytest.raises(YamlProblem) as caught:
        read_yaml(nested(32), "f.yml")
    assert str(caught.value.error) == "f.yml:92:35: (Datei): Verschachtelung tiefer als 32 Ebenen ist nicht erlaubt"


def test_second_document_is_reported_after_a_clean_first_one():
    with pytest.raises(YamlProblem) as caught:
        read_yaml((CLEAN + "---\nname: zwei\n").encode(), "f.yml")
    assert str(caught.value.error) == (
        "f.yml:92:1: (Datei): nur ein YAML-Dokument pro Datei erlaubt; entfernen Sie das zweite '---'"
    )
