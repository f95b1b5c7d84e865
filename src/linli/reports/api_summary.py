"""API routes for station summaries (the dashboard figures) (being built)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["dashboards"])
