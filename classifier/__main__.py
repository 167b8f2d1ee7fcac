"""``python -m botoport``: the same command as ``botoport``."""

from botoport.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
