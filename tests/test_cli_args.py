"""A command line of FILEs alone skips building the argument parser (``_cli._files_only``): the same options."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rsctparse import _cli

_ARG = st.text(max_size=6) | st.sampled_from(["-", "--", "-5", "-q", "--pretty", " -x", "a=b", "", "@f", "-1.5"])


@settings(max_examples=300)
@given(st.lists(_ARG, max_size=4))
def test_files_alone_give_what_argparse_gives(argv: list[str]) -> None:
    fast = _cli._files_only(argv)
    if fast is None:  # an option (or what could be one), or no argument: argparse reads it
        assert not argv or any(a.startswith("-") and a != "-" for a in argv)
        return
    assert vars(fast) == vars(_cli._arguments().parse_args(argv))


def test_the_defaults_are_every_option_of_the_parser() -> None:
    """An option added to the parser without its default here fails (its key would be missing)."""
    parsed = vars(_cli._arguments().parse_args(["dump.txt", "-"]))
    fast = _cli._files_only(["dump.txt", "-"])
    assert fast is not None and vars(fast) == parsed
    assert list(vars(fast)) == list(parsed)


def test_options_go_to_argparse() -> None:
    for argv in (["--pretty", "x"], ["x", "-q"], ["--", "x"], ["-5"], []):
        assert _cli._files_only(argv) is None
