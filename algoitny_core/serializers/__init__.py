"""Serializers read what their view's queryset loaded and never run a query of their own."""
