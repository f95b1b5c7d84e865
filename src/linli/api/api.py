"""The NinjaAPI object: authentication, one error shape, and each app's routes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from linli.accounts.services import token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
            _resolve_station(request, user)
        return user


class SessionCookie(APIKeyCookie):
    """Session authentication for the pages' own calls, with Django's CSRF check."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


def _resolve_station(request, user) -> None:
    from linli.stations.middleware import CurrentStationMiddleware

    CurrentStationMiddleware(lambda r: None)(request)


api = NinjaAPI(
    title="Linli API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), SessionCookie()],
    description='JSON API of Linli. Errors: {"error": {"code", "message", "fields"}}.',
)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = ".".join(str(p) for p in err.get("loc", [])[1:]) or "body"
        fields.setdefault(loc, []).append(err.get("msg", ""))
    return api.create_response(
        request, error_body("invalid", _("The request is not valid."), fields), status=422
    )


@api.exception_handler(DjangoValidationError)
def _django_invalid(request, exc):
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    return api.create_response(
        request, error_body("invalid", _("The request is not valid."), fields), status=422
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request, error_body("unauthenticated", _("Sign in or send a valid token.")), status=401
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    message = str(exc) or _("You may not do this.")
    return api.create_response(request, error_body("forbidden", message), status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    code, message = getattr(exc, "code", "error"), str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        # django-ninja's own words, in English; say it in the caller's language.
        code, message = "bad_json", _("The request body is not valid JSON.")
    return api.create_response(request, error_body(code, message), status=exc.status_code)


def _register_routes() -> None:
    from linli.elders.api import router as elders_router
    from linli.followups.api import router as followups_router

    api.add_router("/elders", elders_router)
    api.add_router("/", followups_router)

    from linli.assessments.api import router as assessments_router

    api.add_router("/", assessments_router)

    from linli.cases.api import router as cases_router
    from linli.errands.api import router as errands_router
    from linli.partners.api import router as partners_router

    api.add_router("/", cases_router)
    api.add_router("/", partners_router)
    api.add_router("/", errands_router)

    from linli.activities.api import router as activities_router
    from linli.groupwork.api import router as groupwork_router
    from linli.volunteers.api import router as volunteers_router

    api.add_router("/", activities_router)
    api.add_router("/", groupwork_router)
    api.add_router("/", volunteers_router)

    from linli.reports.api import router as reports_router
    from linli.reports.api_summary import router as summary_router

    api.add_router("/", reports_router)
    api.add_router("/", summary_router)


_register_routes()
