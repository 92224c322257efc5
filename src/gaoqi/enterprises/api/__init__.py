"""The enterprise file over REST: serializers, viewsets and routes (mounted under ``/api/``)."""
