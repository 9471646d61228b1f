"""One module per command: its records, both engines and its sniffer."""
