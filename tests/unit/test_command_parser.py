import pytest

from handlers.commands.parser import ParseError, Token, split_command, tokenize, unresolved_at_names


def parse(text):
    return split_command(text)[1]


def test_options_with_straight_and_curly_quotes():
    args = parse('triad new host:"Oxfordshire" visitor:“Milton Keynes” observer:‘Brighton and Hove’ round:SE-2018')
    assert [t.value for t in args.positional] == ["triad", "new"]
    assert args.option("host") == "Oxfordshire"
    assert args.option("visitor") == "Milton Keynes"
    assert args.option("observer") == "Brighton and Hove"
    assert args.option("round") == "SE-2018"


def test_escaped_mentions_after_a_key_belong_to_it():
    args = parse('authority add "Oxfordshire" dcs:<@U1ABC|ann> team:<@U2|bob> <@W3>')
    assert args.option_users("dcs") == ["U1ABC"]
    assert args.option_users("team") == ["U2", "W3"]
    assert args.texts() == ["authority", "add", "Oxfordshire"]


def test_bare_mention_is_positional_and_ends_an_option():
    args = parse("coordinator add <@U9|zed>")
    assert args.users() == ["U9"]
    args = parse('x with:<@U1> "after"')
    assert args.option_users("with") == ["U1"]
    assert args.texts() == ["x", "after"]


def test_apostrophes_inside_words_are_not_quotes():
    args = parse("focus propose Children's voice in plans")
    assert args.texts()[2] == "Children's"
    args = parse('focus propose "How well do we hear the child’s voice?"')
    assert args.texts()[2] == "How well do we hear the child’s voice?"


def test_colon_inside_a_value_and_times_are_not_keys():
    args = parse('remind "Send the list" at:"2018-07-20 09:00"')
    assert args.option("at") == "2018-07-20 09:00"
    args = parse("interview add 09:30-10:15")
    assert args.texts()[-1] == "09:30-10:15" and not args.options


def test_empty_key_is_kept_so_the_command_can_say_it_is_empty():
    args = parse("dates challenge:")
    assert args.has("challenge") and args.option("challenge") is None


@pytest.mark.parametrize(
    "text, message",
    [
        ('round new "SE 2018', "A quote is not closed"),
        ("round new “SE 2018", "A quote is not closed"),
        ("authority add <@U1", "A mention is not closed"),
        ("authority add <!here>", "I can't read @here"),
    ],
)
def test_malformed_input_raises_a_specific_error(text, message):
    with pytest.raises(ParseError, match=message):
        parse(text)


def test_unresolved_at_names_are_found():
    assert unresolved_at_names(parse('authority add "Kent" dcs:@kentdcs')) == ["@kentdcs"]
    assert unresolved_at_names(parse('authority add "Kent" dcs:<@U1>')) == []


def test_slack_escaped_characters_are_read_as_typed():
    args = parse('dates <@U1|ann> fieldwork:"23 &amp; 24 July 2018" note:a&lt;b&gt;c')
    assert args.option("fieldwork") == "23 & 24 July 2018"
    assert args.option("note") == "a<b>c"
    assert args.users() == ["U1"]


def test_a_link_is_kept_as_its_address_once_unescaped():
    """Slack sends a typed link's & as &amp;: the address is stored as typed, and escaped once when shown."""
    (token,) = tokenize("<https://example.org/deck?a=1&amp;b=2|deck>")
    assert token == Token("link", "https://example.org/deck?a=1&b=2")
