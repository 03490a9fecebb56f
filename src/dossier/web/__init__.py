"""Web pages and the JSON API over a store (`dossier serve`); see `app.py`."""
from .app import create_app

__all__ = ["create_app"]
