"""RipTide's HTTP service: an ASGI app (FastAPI on Starlette) that composes fetch + sandbox + cache."""

from .app import create_app

__all__ = ["create_app"]
