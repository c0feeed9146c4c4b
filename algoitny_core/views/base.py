from __future__ import annotations

# DRF's TokenAuthentication reads the token and its user in one query.
TOKEN_LOOKUP = 1
