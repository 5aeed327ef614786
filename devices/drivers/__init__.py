"""Drivers: a codec on a link. They turn device frames into events and host intents into frames."""
