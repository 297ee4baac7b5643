"""The use cases run on the same fresh, isolated library as the storage tests."""

from tests.storage.conftest import _isolated, library  # noqa: F401  (fixtures)
