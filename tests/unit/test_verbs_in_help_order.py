"""A group given without a verb is answered with its verbs in help's order, not in the order their
modules happened to be imported (which another import elsewhere can change)."""

from handlers.commands import peer, registry


def test_the_verbs_offered_follow_help_whatever_the_registration_order():
    verbs = registry.verbs_of("round")
    assert peer._in_help_order("round", verbs) == ["new", "list", "dates", "material", "suggest"]
    assert peer._in_help_order("round", list(reversed(verbs))) == ["new", "list", "dates", "material", "suggest"]


def test_every_verb_is_offered_once():
    for group in registry.groups():
        verbs = registry.verbs_of(group)
        assert sorted(peer._in_help_order(group, verbs)) == sorted(verbs)
