"""Request context for the audit: a request id and the request itself, seen by signals while it runs."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gaoqi.core import audit

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    """Give each request an id (kept from a well-formed ``X-Request-ID`` header) and bind it for the audit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _VALID_ID.match(incoming) else audit.new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        context = audit.RequestContext(
            request_id=request_id, ip=request.META.get("REMOTE_ADDR", ""), request=request
        )
        with audit.bound(context):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response
