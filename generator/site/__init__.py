"""The staff handbook site: the MkDocs plugin that hands MkDocs the generated pages."""
