"""PySide6 widgets, models and views. Long work goes through workers; domain data comes from core."""
