"""The few things that can go wrong in a request, and the one place they become HTTP responses.

Handlers raise these; `error_response` turns each into JSON `{"error": code, "message": text}`
with its status. Messages are Swedish because the person using the app reads them.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, field: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.headers = headers or {}


class Invalid(ServiceError):
    """The request is well-formed JSON but a field is wrong; `field` names it."""

    status = 422
    code = "invalid"


class NotSignedIn(ServiceError):
    status = 401
    code = "not_signed_in"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class PasswordChangeRequired(Forbidden):
    """The account signed in with a one-time password and must choose its own first."""


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class Gone(ServiceError):
    status = 410
    code = "gone"


class TooLarge(ServiceError):
    status = 413
    code = "too_large"


class UnsupportedMediaType(ServiceError):
    status = 415
    code = "unsupported_media_type"


class TooManyAttempts(ServiceError):
    status = 429
    code = "too_many_attempts"


def error_response(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    body: dict[str, str] = {"error": exc.code, "message": exc.message}
    if exc.field is not None:
        body["field"] = exc.field
    return JSONResponse(body, status_code=exc.status, headers=exc.headers)


# Reads change nothing, so their error must not speak of something sent and not saved.
READ_METHODS = frozenset({"GET", "HEAD"})

HTTP_MESSAGES = {
    404: ("not_found", "Sidan eller resursen finns inte."),
    405: ("method_not_allowed", "Metoden är inte tillåten för den här adressen."),
}


def http_error_response(request: Request, exc: Exception) -> Response:
    """Starlette's own 404/405 (no route matched) in the same JSON shape."""
    status = getattr(exc, "status_code", 400)
    code, message = HTTP_MESSAGES.get(status, ("bad_request", "Felaktig begäran."))
    headers = getattr(exc, "headers", None)
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


def internal_error_response(request: Request, exc: Exception) -> Response:
    """A bug or a broken disk: say so in the same JSON shape (the traceback goes to the log)."""
    message = "Något gick fel i tjänsten. Försök igen om en stund."
    if request.method not in READ_METHODS:
        message = "Något gick fel i tjänsten. Försök igen om en stund; det du skickade sparades inte."
    return JSONResponse({"error": "internal", "message": message}, status_code=500)
