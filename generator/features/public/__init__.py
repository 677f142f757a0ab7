"""The public edition (build/public/): a small static site for the setting's own website,
made from the public data only (fields.py says which), never filtered from the staff site."""
