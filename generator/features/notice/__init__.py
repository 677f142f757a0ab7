"""The parent fair processing (privacy) notice: model, completeness rules, fingerprint."""
