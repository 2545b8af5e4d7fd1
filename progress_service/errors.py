"""The few things that can go wrong in a request, and the one place they become HTTP responses.

Handlers raise these; `error_response` turns each into JSON `{"error": code, "message": text}`
with its status. Messages are Swedish because the person using the app reads them.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from progress_service.db import WriterUnavailable
from progress_service.responses import Error, json_response

# Set in the scope by the body read timeout (progress_service/slow_clients.py).
BODY_TIMED_OUT = "omsorg.body_timed_out"
UNAVAILABLE_RETRY_SECONDS = "5"


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


class TooManyWrites(ServiceError):
    status = 429
    code = "too_many_writes"


async def error_response(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    body = {"error": exc.code, "message": exc.message}
    if exc.field is not None:
        body["field"] = exc.field
    return json_response(Error, body, status_code=exc.status, headers=exc.headers)


# Reads change nothing, so their error must not speak of something sent and not saved.
READ_METHODS = frozenset({"GET", "HEAD"})

HTTP_MESSAGES = {
    404: ("not_found", "Sidan eller resursen finns inte."),
    405: ("method_not_allowed", "Metoden är inte tillåten för den här adressen."),
}


async def http_error_response(request: Request, exc: Exception) -> Response:
    """Starlette's own 404/405 (no route matched) in the same JSON shape."""
    status = getattr(exc, "status_code", 400)
    code, message = HTTP_MESSAGES.get(status, ("bad_request", "Felaktig begäran."))
    headers = getattr(exc, "headers", None)
    return json_response(Error, {"error": code, "message": message}, status_code=status, headers=headers)


async def internal_error_response(request: Request, exc: Exception) -> Response:
    """A bug or a broken disk: say so in the same JSON shape (the traceback goes to the log).

    Uvicorn closes the connection after an unhandled error, so the answer says so: a client must
    not send its next request on a connection that is going away.
    """
    message = "Något gick fel i tjänsten. Försök igen om en stund."
    if request.method not in READ_METHODS:
        message = "Något gick fel i tjänsten. Försök igen om en stund; det du skickade sparades inte."
    return json_response(
        Error, {"error": "internal", "message": message}, status_code=500, headers={"Connection": "close"}
    )


async def unavailable_response(request: Request, exc: Exception) -> Response:
    """The writer is stopped or too slow: 503, and the client may send the same request again."""
    assert isinstance(exc, WriterUnavailable)
    return json_response(
        Error,
        {"error": "unavailable", "message": str(exc)},
        status_code=503,
        headers={"Retry-After": UNAVAILABLE_RETRY_SECONDS},
    )


# nginx's status for "the client closed the connection before the answer": not a server error.
CLIENT_CLOSED = 499


async def client_gone_response(request: Request, exc: Exception) -> Response:
    """The body never arrived: the client went away (499), or was too slow to send it (408)."""
    if request.scope.get(BODY_TIMED_OUT):
        message = "Begäran kom inte fram i tid. Försök igen."
        body = {"error": "request_timeout", "message": message}
        return json_response(Error, body, status_code=408, headers={"Connection": "close"})
    return Response(status_code=CLIENT_CLOSED, headers={"Connection": "close"})
