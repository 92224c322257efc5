"""Django project configuration: settings, URLs, WSGI/ASGI, asset vendoring."""
