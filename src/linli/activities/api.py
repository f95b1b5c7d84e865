"""API routes for activities (being built)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["activities"])
