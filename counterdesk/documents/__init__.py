"""What the counter hands a customer on paper: the facts of each receipt, ticket and notice.

These are plain values made by the services after the business act has committed; ``printing``
lays them out for a thermal roll or an A4 page. Keeping the facts apart from the layout is what
lets a print job be stored, reprinted as 副本 on another printer of another width, and read back
after a crash: the job holds the facts (JSON, :mod:`counterdesk.documents.codec`), never bytes.
"""
