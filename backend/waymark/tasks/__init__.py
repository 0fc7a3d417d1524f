"""The Task domain: every transition of a task (create, review, cancel, retry, regenerate,
recovery) is decided in ``service``; routes and Celery tasks only call it."""
