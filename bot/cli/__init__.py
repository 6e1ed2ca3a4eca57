"""`peerbot`: the operator's command line (bot.cli.main), one module per command group."""
