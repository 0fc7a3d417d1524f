"""The mentor: grounded, cited, hint-giving answers per concept (docs/mentor.md)."""
