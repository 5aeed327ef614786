"""The terminal's configuration file, ``counterdesk.toml`` (issue 9).

One TOML file per terminal says who it is (terminal code, hall, window, language, database), where
its servers are, and its printers and devices. :mod:`~counterdesk.config.places` says where the
machine's and the user's files are; :mod:`~counterdesk.config.files` reads them and checks them
together (:mod:`~counterdesk.config.schema`); :mod:`~counterdesk.config.writer` changes one table
of a file for the settings pages. Printer addresses and device ports are checked by ``printing``
and ``devices``, through the composition root :mod:`counterdesk.cli_config`, because this package
must not import them.

Nothing is imported here: the installed start looks at the file through ``places`` alone, before
pydantic and the rest are loaded (see there for why).
"""
