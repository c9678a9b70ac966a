"""The HTTP face of the facade (FastAPI): `create_app(settings, service=None)`."""

from leadscore.api.app import LIFESPAN_HOOKS, ROUTERS, create_app
from leadscore.api.settings import Settings

__all__ = ["LIFESPAN_HOOKS", "ROUTERS", "Settings", "create_app"]
