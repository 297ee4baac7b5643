"""The call library: sqlmodel tables, migrations, queries and the processing queue (no Qt).

``open_library(db)`` connects (``--db`` > ``CALLCOACH_DB`` > SQLite in the user data folder) and creates or
upgrades the schema; the modules below take the returned Library:

- tables.py      the schema of the newest version
- migrations.py  frozen older schemas and the steps between them; backups before a migration
- repository.py  import, listing, rebuilding a call's analysis and report records
- call_date.py   the date of a call imported without one: the recording's metadata, else the file's mtime
- reviews.py     overrides, comments, acknowledgements: each saved as it is made
- queue.py       claiming, heartbeats and the one-transaction save that make `process` survive a kill
- processing.py  the `process` job itself
"""

from callcoach.storage.database import Library, open_library

__all__ = ["Library", "open_library"]
