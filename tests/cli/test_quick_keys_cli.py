"""`vos-coder themes keys`: list a coder's quick keys, assign, free, reset."""

from __future__ import annotations

import json

KEYS = "SELECT coder, digit, theme_id FROM quick_keys ORDER BY coder, digit"


def _keys(cli, *args):
    out = json.loads(cli("themes", "keys", *args, "--format", "json").stdout)
    return out["default"], {k["key"]: k["theme"].rsplit("/", 1)[-1] for k in out["keys"]}


def test_default_assign_clear_reset(cli):
    default, keys = _keys(cli, "--coder", "ana")
    assert default and keys[1] == "Reporting mechanisms" and len(keys) == 9
    r = cli("themes", "keys", "--coder", "ana")
    assert "has assigned none: the default (the first nine themes in codebook order)" in r.stderr
    cli("themes", "keys", "3", "Culture of silence", "--coder", "ana")
    default, ana = _keys(cli, "--coder", "ana")
    assert not default and ana == {**keys, 3: "Culture of silence"}
    assert len(cli.rows(KEYS)) == 9  # what was shown is kept with the change
    cli("themes", "keys", "7", "Culture of silence", "--coder", "ana")  # a theme moves digit
    _, ana = _keys(cli, "--coder", "ana")
    assert 3 not in ana and ana[7] == "Culture of silence"
    cli("themes", "keys", "1", "--clear", "--coder", "ana")
    assert 1 not in _keys(cli, "--coder", "ana")[1]
    assert _keys(cli, "--coder", "blerta") == (True, keys)  # another coder is untouched
    cli("themes", "keys", "--reset", "--coder", "ana")
    assert _keys(cli, "--coder", "ana") == (True, keys)
    assert cli.rows(KEYS) == []
    assert [a for a in cli.rows("SELECT action FROM audit_log WHERE action LIKE 'quick_key%'")] == [
        ("quick_key.set",), ("quick_key.set",), ("quick_key.set",), ("quick_key.reset",)]


def test_bad_keys_say_what_is_wrong_and_change_nothing(cli):
    before = cli.dump()
    for args, said in [(["0", "Culture of silence"], "a quick key is a digit from 1 to 9, not 0"),
                       (["12", "Culture of silence"], "a digit from 1 to 9, not 12"),
                       (["3"], "give a THEME for 3, or --clear"),
                       (["3", "Culture of silence", "--clear"], "not both"),
                       (["3", "Culture of silenc"], "did you mean"),
                       (["3", "--reset"], "--reset takes no DIGIT"),
                       (["--clear"], "give the DIGIT")]:
        r = cli("themes", "keys", *args, "--coder", "ana", ok=False)
        assert r.exit_code != 0 and "Traceback" not in r.output, args
        assert said in r.stderr or said in r.output, (args, r.stderr)
    assert cli.dump() == before
