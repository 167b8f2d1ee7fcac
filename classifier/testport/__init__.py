"""``botoport port --tests``: the async twins of botocore's tests a port needs, written into
aiobotocore's mirrors of botocore's test files (``tests/botocore_tests``).

- :mod:`.files`: where botocore's tests come from and where aiobotocore mirrors each file;
- :mod:`.items`: the tests and helpers of a test module, and which a range added or changed;
- :mod:`.convert`: a botocore test module in aiobotocore's async dialect;
- :mod:`.place`: the converted tests placed in a mirror (or a new one);
- :mod:`.plan`: the whole step for a range, with every test left out and why.
"""
