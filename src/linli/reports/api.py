"""API routes for projects and their indicators (being built)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reports"])
