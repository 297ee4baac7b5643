"""PySide6 widgets, models and views. Long work goes through app.workers; domain data comes from app.core."""
