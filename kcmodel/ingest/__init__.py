"""Ingestion: announcements in every published form read into the model, every printed figure accounted for."""
