"""A small botocore history and the aiobotocore tree that mirrors it, shared by the tests that
run the command line, the hooks and the language server on real git repositories."""

from __future__ import annotations

CLIENT_V0 = '''\
import requests


class ClientCreator:
    def create_client(self, name):
        """Create a client."""
        return self._make(name)

    def _make(self, name):
        return name
'''
STANDARD_V0 = """\
class RetryPolicy:
    def should_retry(self, context):
        return False


class RetryHandler:
    def needs_retry(self, **kwargs):
        return self._policy(kwargs)
"""
RELEASES = [
    (
        "1.0.0",
        {
            "botocore/__init__.py": "__version__ = '1.0.0'\n",
            "botocore/client.py": CLIENT_V0,
            "botocore/retries/standard.py": STANDARD_V0,
            "botocore/unmirrored.py": "def f():\n    return 1\n",
            "botocore/data/s3/service-2.json": "{}\n",
        },
    ),
    # Cosmetic change in a mirror file, real changes only where there is no mirror.
    (
        "1.0.1",
        {
            "botocore/__init__.py": "__version__ = '1.0.1'\n",
            "botocore/client.py": CLIENT_V0.replace('"""Create a client."""', '"""Make one."""'),
            "botocore/unmirrored.py": "import socket\ndef f():\n    return socket.socket()\n",
            "botocore/data/s3/service-2.json": '{"a": 1}\n',
        },
    ),
    # A registered override in a nested path changes substantively.
    (
        "1.0.2",
        {
            "botocore/retries/standard.py": STANDARD_V0.replace(
                "return False", "return context.attempt < 3"
            ),
        },
    ),
    # Unrelated file only: the override stays as it was in 1.0.2.
    ("1.0.3", {"botocore/__init__.py": "__version__ = '1.0.3'\n"}),
    # An unknown receiver calls a name aiobotocore has as async.
    (
        "1.1.0",
        {
            "botocore/client.py": CLIENT_V0.replace("return name\n", "return name.read()\n"),
        },
    ),
    ("1.2.0", {"botocore/client.py": "def broken(:\n"}),
]
PATCHES = """\
from botocore.client import ClientCreator
from botocore.retries import standard

@pytest.mark.parametrize("obj, digests", [
    (ClientCreator.create_client, {"0000000000000000000000000000000000000000"}),
    (standard.RetryPolicy.should_retry, {"1111111111111111111111111111111111111111"}),
])
def test_patches(obj, digests): ...
"""
AIO_FILES = {
    "pyproject.toml": (
        '[project]\nname = "aiobotocore"\n'
        'dependencies = ["botocore >= 1.0.0, < 1.0.2", "aiohttp"]\n'
    ),
    "tests/test_patches.py": PATCHES,
    "aiobotocore/__init__.py": "__version__ = '1'\n",
    "aiobotocore/client.py": (
        "from botocore.client import ClientCreator\n\n\n"
        "class AioClientCreator(ClientCreator):\n"
        "    async def create_client(self, name):\n"
        "        return await self._make(name)\n"
    ),
    "aiobotocore/retries/standard.py": (
        "from botocore.retries.standard import RetryPolicy\n\n\n"
        "class AioRetryPolicy(RetryPolicy):\n"
        "    async def should_retry(self, context):\n"
        "        return False\n\n"
        "    async def read(self):\n"
        "        return b''\n"
    ),
}
