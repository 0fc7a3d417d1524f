"""The user-facing ``waymark`` commands that talk to the REST API (login, generate, tasks, export).

``http`` holds the API client and the credentials file, ``events`` reads the task event
stream (Server-Sent Events), ``render`` and ``progress`` turn tasks and roadmaps into
terminal text, ``follow`` and ``review`` drive a running task, ``commands`` wires it all
into argparse (registered by ``waymark.cli``).
"""
