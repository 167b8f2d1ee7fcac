"""Class names written as strings become the Aio twin's name only where names are compared."""

from __future__ import annotations

import textwrap

import pytest
from botoport.testport.class_names import with_twin_class_names

TWINS = {"RetryHandler": "AioRetryHandler", "Endpoint": "AioEndpoint"}

CASES = [
    (
        "a-name-handed-to-a-helper-comparing-class-names",
        """\
        def names(handlers):
            return [h.__class__.__name__ for h in handlers]


        def check(handlers, expected):
            assert expected in names(handlers)


        def test_legacy():
            check([], 'RetryHandler')
        """,
        """\
        def names(handlers):
            return [h.__class__.__name__ for h in handlers]


        def check(handlers, expected):
            assert expected in names(handlers)


        def test_legacy():
            check([], 'AioRetryHandler')
        """,
    ),
    (
        "a-method-reading-names-through-self",
        """\
        class T:
            def names(self, h):
                return type(h).__name__

            def test_a(self):
                assert self.names(1) == "RetryHandler"
        """,
        """\
        class T:
            def names(self, h):
                return type(h).__name__

            def test_a(self):
                assert self.names(1) == "AioRetryHandler"
        """,
    ),
    (
        "data-elsewhere-in-the-module-is-kept",
        """\
        def test_names():
            assert type(1).__name__ != 'RetryHandler'


        def test_data():
            assert {'Endpoint': 'x'}
        """,
        """\
        def test_names():
            assert type(1).__name__ != 'AioRetryHandler'


        def test_data():
            assert {'Endpoint': 'x'}
        """,
    ),
    (
        "a-name-set-not-read-is-no-comparison",
        """\
        def test_a():
            m.__name__ = 'x'
            assert {'Endpoint': 'RetryHandler'}
        """,
        None,
    ),
    (
        "strings-that-are-not-a-twinned-class-are-kept",
        """\
        def test_a():
            assert type(1).__name__ in ('Handler', 'retry handler', b'RetryHandler')
        """,
        None,
    ),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_class_names_in_strings(source: str, expected: str | None) -> None:
    text = textwrap.dedent(source)
    renamed = with_twin_class_names(text, TWINS.get)
    assert renamed == (textwrap.dedent(expected) if expected is not None else text)
