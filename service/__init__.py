"""The HTTP front end: one FastAPI app with the JSON API (``/api``), the SPARQL 1.1 Protocol
endpoint (``/sparql``) and the chat UI mounted at ``/``. Build it with
:func:`kgqa.service.app.create_app`."""
