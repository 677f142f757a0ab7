"""The glossary: the field's words and abbreviations (policy_data/glossary.yaml), its page,
the abbreviations explained on every page, and the words search finds a statement by."""
