"""The API's routers, one module per resource group."""

from fastapi import APIRouter

from ceasefire.api.routes import accounts

__all__ = ["ROUTERS"]

ROUTERS: list[APIRouter] = [accounts.router]
