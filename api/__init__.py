"""The Normbook application: settings, database, accounts, JSON API and CLI."""
