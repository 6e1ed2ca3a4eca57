"""One module per group of /peer subcommands; `peer.py` imports each and routes to it."""
