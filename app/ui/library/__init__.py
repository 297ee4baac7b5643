"""The library screen: the calls table with sort, filter and search, imports, and the processing queue."""
