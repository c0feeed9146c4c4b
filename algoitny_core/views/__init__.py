"""DRF views, one module per resource; each declares the ``query_budget`` its tests prove."""
