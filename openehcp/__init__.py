"""OpenEHCP: a local area's SEND service in one system."""
