"""numcheck serve: the page and the JSON API (``pip install 'numcheck[web]'``)."""
