"""The use cases run on the same fresh, isolated libraries as the storage tests (SQLite and PostgreSQL)."""

from tests.storage.conftest import _isolated, library, pg, server  # noqa: F401  (fixtures)
