"""Entities across documents: rule aliases, lone surnames, user aliases."""
from types import SimpleNamespace

from extractors.entities import RULE_ALIASES, canonical_names, name_key, resolve_entities


def test_rule_alias_examples_and_name_keys():
    assert name_key("the U.S.") == "u.s." and name_key("Japan’s") == "japan"
    assert RULE_ALIASES["u.s."] == RULE_ALIASES["us"] == "United States"
    canon = canonical_names(["the U.S.", "US", "United States", "Japan's", "Japan", "Japan"])
    assert set(canon.values()) == {"United States", "Japan"}


def test_lone_surname_joins_the_one_full_name_of_a_person():
    people = {n: "PERSON" for n in ["Akazawa", "Ryosei Akazawa", "Trump", "Donald Trump", "Abe", "Shinzo Abe",
                                    "Shinichi Abe"]}
    canon = canonical_names(list(people) + ["Trump administration"], labels=people)
    assert canon["Akazawa"] == "Ryosei Akazawa" and canon["Trump"] == "Donald Trump"
    assert canon["Abe"] == "Abe"  # two Abes: ambiguous, left alone
    assert canon["Trump administration"] == "Trump administration"


def test_user_alias_wins_and_becomes_a_shared_merge_word():
    a = SimpleNamespace(mention_id="d1:1", actors=["Ryo Akazawa"], actor_labels=["PERSON"], keywords=["visit"])
    b = SimpleNamespace(mention_id="d2:1", actors=["Ryosei Akazawa", "the U.S."], actor_labels=["PERSON", "GPE"],
                        keywords=["talk"])
    entities, links, aliases = resolve_entities([a, b], {"Ryo Akazawa": "Ryosei Akazawa"})
    assert a.actors == ["Ryosei Akazawa"] and b.actors == ["Ryosei Akazawa", "United States"]
    assert "@ryosei akazawa" in a.keywords and "@ryosei akazawa" in b.keywords
    assert {e["name"]: e["mention_count"] for e in entities} == {"Ryosei Akazawa": 2, "United States": 1}
    assert set(zip(links["mention_id"], links["surface"])) == {("d1:1", "Ryo Akazawa"), ("d2:1", "Ryosei Akazawa"),
                                                               ("d2:1", "the U.S.")}
    assert "ryo akazawa" not in {x["alias"] for x in aliases}  # user rows are the user's, not rebuilt


def test_organisation_with_and_without_its_generic_last_word_is_one_entity():
    canon = canonical_names(["Komeito Party", "Komeito", "Komeito Party", "Apple Inc.", "Apple", "Apple",
                             "Labour Party"])
    assert canon["Komeito"] == canon["Komeito Party"] == "Komeito Party"  # the more frequent spelling
    assert canon["Apple Inc."] == "Apple" and canon["Labour Party"] == "Labour Party"


def test_roles_stay_aligned_with_canonical_actors():
    a = SimpleNamespace(mention_id="d1:1", actors=["Akazawa", "Ryosei Akazawa", "Japan"],
                        actor_labels=["PERSON", "PERSON", "GPE"], actor_roles=["", "subject", "to"], keywords=[])
    _, links, _ = resolve_entities([a])
    assert a.actors == ["Ryosei Akazawa", "Japan"] and a.actor_roles == ["subject", "to"]
    assert set(zip(links["surface"], links["role"])) == {("Akazawa", ""), ("Ryosei Akazawa", "subject"), ("Japan", "to")}
