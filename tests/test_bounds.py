"""Raising the bounds in pyproject.toml as text: only the version numbers move."""

from __future__ import annotations

import re

import pytest
from botoport.bounds import NewBounds, companion_version, next_patch, raise_bounds
from botoport.errors import BotoportError

PYPROJECT = """\
[project]
dependencies = [
    "aiohttp >= 3.12.0, < 4.0.0",
    "botocore >= 1.35.16, < 1.35.24", # NOTE: keep the extras aligned
]

[project.optional-dependencies]
awscli = [
    "awscli >= 1.34.16, < 1.34.24",
]
boto3 = [
    'boto3>=1.35.16,<1.35.24',
]

[dependency-groups]
dev = [
    # "botocore >= 1.0.0, < 2.0.0",
    "botocore[crt]",
]
"""


@pytest.mark.parametrize(
    ("version", "upper"),
    [("1.42.89", "1.42.90"), ("1.43.0", "1.43.1"), ("1.35.99", "1.35.100")],
)
def test_next_patch(version: str, upper: str) -> None:
    assert next_patch(version) == upper


BOTOCORE = ["1.35.16", "1.35.17", "1.35.18", "1.35.19", "1.36.0", "1.36.1"]
AWSCLI = ["1.34.16", "1.34.17", "1.35.0", "1.35.1", "1.36.0", "1.36.1"]


@pytest.mark.parametrize(
    ("botocore", "expected"),
    [
        ("1.35.16", "1.34.16"),  # the anchor itself
        ("1.35.18", "1.35.0"),  # awscli moved its minor while botocore did not
        ("1.36.1", "1.36.1"),
        ("1.37.0", None),  # not released: cannot be placed
    ],
)
def test_companion_version_follows_release_order(botocore: str, expected: str | None) -> None:
    assert companion_version(botocore, ("1.35.16", "1.34.16"), BOTOCORE, AWSCLI) == expected


@pytest.mark.parametrize(
    ("bounds", "companions", "changed"),
    [
        (
            NewBounds(None, "1.35.36"),
            {},
            ['    "botocore >= 1.35.16, < 1.35.37", # NOTE: keep the extras aligned'],
        ),
        (
            NewBounds("1.35.20", "1.35.36"),
            {"awscli": NewBounds("1.34.20", "1.35.2"), "boto3": NewBounds(None, "1.35.36")},
            [
                '    "botocore >= 1.35.20, < 1.35.37", # NOTE: keep the extras aligned',
                '    "awscli >= 1.34.20, < 1.35.3",',
                "    'boto3>=1.35.16,<1.35.37',",
            ],
        ),
    ],
    ids=["upper-only", "lower-and-companions"],
)
def test_raise_bounds_edits_only_the_numbers(bounds, companions, changed) -> None:
    raised = raise_bounds(PYPROJECT, bounds, companions)
    before, after = PYPROJECT.splitlines(), raised.splitlines()
    assert len(before) == len(after)
    assert [new for old, new in zip(before, after, strict=True) if old != new] == changed
    assert '# "botocore >= 1.0.0, < 2.0.0",' in raised  # a commented-out line is left alone


def test_raise_bounds_without_a_botocore_requirement() -> None:
    with pytest.raises(BotoportError, match="no botocore requirement"):
        raise_bounds('[project]\ndependencies = ["aiohttp"]\n', NewBounds(None, "1.0.0"))


@pytest.mark.parametrize(
    ("requirement", "raised"),
    [
        ("botocore >= 1.43.101, <= 1.43.106", "botocore >= 1.43.115, <= 1.43.117"),
        ("botocore == 1.43.106", "botocore == 1.43.117"),
        ("botocore===1.43.106", "botocore===1.43.117"),
        ("botocore[crt] >= 1.43.101, < 1.43.107", "botocore[crt] >= 1.43.115, < 1.43.118"),
        ("botocore >= 1.43.101, < 1.43.107; python_version >= '3.9'",
         "botocore >= 1.43.115, < 1.43.118; python_version >= '3.9'"),
        ("BotoCore >= 1.43.101, < 1.43.107", "BotoCore >= 1.43.115, < 1.43.118"),
        ("botocore (>=1.43.101,<1.43.107)", "botocore (>=1.43.115,<1.43.118)"),
        ("botocore >= 1.43.101, != 1.43.105, < 1.43.107",
         "botocore >= 1.43.115, != 1.43.105, < 1.43.118"),
    ],
    ids=["an-inclusive-upper-bound", "a-pin", "an-arbitrary-equality-pin", "extras", "a-marker",
         "another-spelling", "parenthesised", "an-exclusion-kept"],
)  # fmt: skip
def test_every_form_of_the_requirement_is_raised(requirement: str, raised: str) -> None:
    pyproject = f'[project]\ndependencies = [\n    "{requirement}",\n    "aiohttp",\n]\n'
    quoted = requirement.replace('"', "'")
    pyproject = (
        pyproject.replace(f'"{requirement}"', f'"{quoted}"') if '"' in requirement else (pyproject)
    )
    written = raise_bounds(pyproject, NewBounds("1.43.115", "1.43.117"))
    assert written == pyproject.replace(requirement, raised)


def test_botocore_listed_once_per_marker_is_raised_everywhere() -> None:
    pyproject = (
        "[project]\ndependencies = [\n"
        "    \"botocore >= 1.0.0, < 1.0.2; python_version < '3.12'\",\n"
        "    \"botocore >= 1.0.1, < 1.0.2; python_version >= '3.12'\",\n]\n"
    )
    written = raise_bounds(pyproject, NewBounds(None, "1.0.5"))
    assert written.count("< 1.0.6") == 2


@pytest.mark.parametrize(
    ("requirement", "words"),
    [("botocore ~= 1.43.0", "(~=)"), ("botocore == 1.43.*", "cannot raise the pin")],
)
def test_a_bound_that_cannot_be_raised_is_an_error(requirement: str, words: str) -> None:
    with pytest.raises(BotoportError, match=re.escape(words)):
        raise_bounds(f'[project]\ndependencies = ["{requirement}"]\n', NewBounds(None, "1.44.2"))
