"""One QuerySet per model; each model's manager is made from it with ``as_manager()``."""
