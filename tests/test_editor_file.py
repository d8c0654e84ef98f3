"""The editor's file (content/players.conf): it wins over the resolver, and a
bad line is reported with its file and line while the rest applies."""

from __future__ import annotations

from briefings.editor_file import parse_editor_file, read_editor_file
from briefings.model import Briefing, Player
from briefings.site_index import build_site_index

PATH = "content/players.conf"


def site():
    return [
        ("one", Briefing("One", "", slug="geneva-talks", players=[Player("Sullivan", "person", key=True),
                                                                    Player("Geneva", "place")])),
        ("two", Briefing("Two", "", slug="nato-summit", players=[Player("Jake Sullivan", "person", key=True),
                                                                   Player("Hamas", "group")])),
        ("three", Briefing("Three", "", slug="bush-years", players=[
            Player("George Bush", "person", aliases=["Bush Sr."], key=True)])),
        ("four", Briefing("Four", "", slug="iraq-war", players=[Player("George Bush", "person", key=True)])),
    ]


def index_with(text: str):
    return build_site_index(site(), editor=parse_editor_file(text, PATH))


def test_bad_lines_are_reported_with_file_and_line_and_the_rest_applies():
    parsed = parse_editor_file(
        "# who is who\n"
        "\n"
        "join: A | B\n"
        "merge: Sullivan\n"
        "kind: Hamas | militia\n"
        "split: George Bush | name: George H. W. Bush\n"
        "merge: Sullivan |  | Jake Sullivan\n"
        "kind: Hamas | organization   # a comment\n", PATH)
    assert parsed.errors == [
        "content/players.conf:3: an instruction starts with one of merge:, split:, name:, kind:, hide:",
        "content/players.conf:4: merge needs two players or more: 'merge: A | B'",
        "content/players.conf:5: unknown kind 'militia' (one of: person, organization, place, group)",
        "content/players.conf:6: split needs either 'briefings: slug, slug' or 'alias: name'",
        "content/players.conf:7: an empty field in 'merge:' (fields are separated by '|')",
    ]
    [kind] = parsed.instructions
    assert (kind.verb, kind.players, kind.kind, kind.line) == ("kind", ["Hamas"], "organization", 8)


def test_merge_keeps_the_first_players_id():
    index = index_with("merge: jake-sullivan | Sullivan\n")
    jake = index.by_id["jake-sullivan"]
    assert index.players_of[0][0] is jake and jake.briefings == ["one", "two"]
    assert jake.name == "Jake Sullivan" and not index.errors


def test_split_by_briefing_and_by_alias_then_name_the_new_player():
    index = index_with(
        "merge: George Bush | Hamas\n"  # a wrong merge, to split again
        "split: George Bush | briefings: nato-summit | name: Hamas movement | kind: group\n"
        "split: George Bush | alias: Bush Sr. | name: George H. W. Bush\n"
        "name: Hamas movement | Hamas\n")
    assert not index.errors
    hamas, elder = index.by_id["hamas-movement"], index.by_id["george-h-w-bush"]
    assert (hamas.name, hamas.kind, hamas.briefings) == ("Hamas", "group", ["two"])
    assert elder.briefings == ["three"] and elder.name == "George H. W. Bush"
    assert index.players_of[3][0].briefings == ["four"]  # the George Bush that is left


def test_name_kind_and_hide():
    index = index_with("name: Hamas | Hamas movement\nkind: hamas | organization\nhide: Geneva\n")
    hamas = index.by_id["hamas"]
    assert (hamas.name, hamas.kind, hamas.page) == ("Hamas movement", "organization", False)  # one briefing
    assert not index.by_id["geneva"].page
    assert not index.errors


def test_a_name_several_players_share_needs_an_id():
    index = index_with("hide: Bush\nsplit: George Bush | briefings: nowhere\n")
    assert index.errors == [
        "content/players.conf:1: no player 'Bush' on the site",
        "content/players.conf:2: 'George Bush' has no mention in briefings nowhere",
    ]
    sullivans = [(n, Briefing(n, "", players=[Player(name, "person")]))
                 for n, name in (("a", "Jake Sullivan"), ("b", "Dan Sullivan"), ("c", "Sullivan"), ("d", "Sullivan"))]
    two = build_site_index(sullivans, editor=parse_editor_file("name: Sullivan | Sean Sullivan\n", PATH))
    # Each bare "Sullivan" is a player of its own, for its briefing: the file must say which.
    assert len(two.errors) == 1
    assert two.errors[0].startswith("content/players.conf:1: 'Sullivan' may be any of several players (sullivan-")
    assert two.errors[0].endswith("): write its id")


def test_no_file_is_an_empty_file(tmp_path):
    missing = read_editor_file(tmp_path / "players.conf")
    assert missing.instructions == [] and missing.errors == []
    (tmp_path / "players.conf").write_text("merge: A | B\n", encoding="utf-8")
    assert len(read_editor_file(tmp_path / "players.conf").instructions) == 1
