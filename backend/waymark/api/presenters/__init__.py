"""Database rows → response bodies."""
