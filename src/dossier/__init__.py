"""dossier: news articles in, an evidence-backed model of a geopolitical story out."""

__version__ = "0.1.0"
