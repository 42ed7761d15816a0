"""Online checker plumbing: the polite HTTP client, classification, manifests and built-in providers."""
