"""Generation jobs: a language model writes a test-case generator script, or reads a problem
page into a job's fields.

Each run claims its job with one conditional UPDATE, reads the job, calls the backend with
no transaction open and writes the outcome with one more UPDATE that only the claimant can
make: three queries, whatever the size of the tables.
"""

from __future__ import annotations

import ast
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.cache import cache
from django.db.models import F, Q
from django.utils import timezone

from algoitny_core.choices import JobStatus, JobType, Platform
from algoitny_core.conf import app_settings
from algoitny_core.llm import LLMError, ProblemInfo, ProblemLike, get_backend
from algoitny_core.llm.pages import validate_url
from algoitny_core.models import ScriptGenerationJob
from algoitny_core.tasks.options import TASK_OPTIONS, TRANSIENT_ERRORS

logger = logging.getLogger(__name__)

# A claim per delivery: the first run and each retry; a worker that died spent one too.
MAX_ATTEMPTS = TASK_OPTIONS["max_retries"] + 1
# What a backend reads from a job or a problem: the attributes ``ProblemLike`` declares.
PROBLEM_FIELDS = tuple(ProblemLike.__annotations__)


def claim(job_id: int, job_type: str, task_id: str) -> bool:
    """Take the job for ``task_id``: PENDING, or already PROCESSING under this same task id
    (a redelivery after its worker died). One UPDATE; two tasks never both win."""
    claimable = Q(status=JobStatus.PENDING) | Q(status=JobStatus.PROCESSING, celery_task_id=task_id)
    taken = (
        ScriptGenerationJob.objects.filter(claimable, pk=job_id, job_type=job_type)
        .filter(attempts__lt=MAX_ATTEMPTS)
        .update(
            status=JobStatus.PROCESSING,
            attempts=F("attempts") + 1,
            celery_task_id=task_id,
            updated_at=timezone.now(),  # update() skips auto_now; requeue_stale_jobs reads it
        )
    )
    return taken == 1


def store(job_id: int, task_id: str, **fields: Any) -> bool:
    """Write ``fields`` if ``task_id`` still holds the claim (False when it lost it)."""
    written = ScriptGenerationJob.objects.filter(
        pk=job_id, status=JobStatus.PROCESSING, celery_task_id=task_id
    ).update(updated_at=timezone.now(), **fields)
    return written == 1


def _outcome(job_id: int, task_id: str, status: str, **fields: Any) -> dict[str, Any]:
    if not store(job_id, task_id, status=status, **fields):
        logger.warning("Job %s was taken from task %s before it finished.", job_id, task_id)
        return {"job_id": job_id, "status": None, "claimed": False}
    return {"job_id": job_id, "status": status, "error": fields.get("error_message", "")}


def run_claimed(
    task: Any,
    job_id: int,
    job_type: str,
    fields: Iterable[str],
    work: Callable[[ScriptGenerationJob], dict[str, Any]],
) -> dict[str, Any]:
    """Claim, read ``fields``, run ``work(job)`` (no query, no transaction), store its fields.

    A permanent ``LLMError`` fails the job once. A transient error releases the claim for
    Celery's retry, and fails the job once the retries or the attempts are spent.
    """
    task_id = task.request.id or uuid.uuid4().hex  # called directly, not through Celery
    if not claim(job_id, job_type, task_id):
        return {"job_id": job_id, "status": None, "claimed": False}
    job = ScriptGenerationJob.objects.only("attempts", *fields).filter(pk=job_id).first()
    if job is None:  # deleted since the claim
        return {"job_id": job_id, "status": None, "claimed": False}
    fail = JobStatus.FAILED
    try:
        result = work(job)
    except LLMError as exc:
        return _outcome(job_id, task_id, fail, error_message=str(exc))
    except TRANSIENT_ERRORS as exc:
        if task.request.retries >= task.max_retries or job.attempts >= MAX_ATTEMPTS:
            reason = f"Gave up after {job.attempts} attempts; the last failed with: {exc}"
            return _outcome(job_id, task_id, fail, error_message=reason)
        store(job_id, task_id, status=JobStatus.PENDING)  # free for the retry to claim
        raise
    except SoftTimeLimitExceeded:
        reason = f"Timed out after {TASK_OPTIONS['soft_time_limit']} seconds."
        return _outcome(job_id, task_id, fail, error_message=reason)
    except Exception as exc:
        # A bug, not an input: fail the job so that no one waits on it, and let Celery log it.
        _outcome(job_id, task_id, fail, error_message=f"Unexpected error: {exc!r}")
        raise
    return _outcome(job_id, task_id, JobStatus.COMPLETED, error_message="", **result)


def _writes_output(tree: ast.AST) -> bool:
    """Whether the program calls ``print`` or writes through something named ``stdout``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        names, func = [], node.func
        while isinstance(func, ast.Attribute):
            names.append(func.attr)
            func = func.value
        if isinstance(func, ast.Name):
            names.append(func.id)
        if names == ["print"] or "stdout" in names:
            return True
    return False


def check_generator_script(code: object) -> str:
    """``code`` if it is a Python program that compiles and writes to stdout, else
    ``LLMError`` saying what is wrong. Whether it prints when run is the judge's to find."""
    if not isinstance(code, str) or not code.strip():
        raise LLMError("The backend returned no generator script.")
    if len(code.encode()) > app_settings.MAX_CODE_BYTES:
        raise LLMError(f"The generator script is over {app_settings.MAX_CODE_BYTES} bytes.")
    try:
        tree = ast.parse(code, "gen.py")
        compile(tree, "gen.py", "exec")
    except (SyntaxError, ValueError) as exc:
        lineno = getattr(exc, "lineno", None)
        where = f" (line {lineno})" if lineno else ""
        raise LLMError(f"The generator script is not valid Python{where}: {exc}") from exc
    if not _writes_output(tree):
        raise LLMError("The generator script never prints, so it cannot emit a test input.")
    return code


@shared_task(**TASK_OPTIONS)
def generate_script_task(self: Any, job_id: int) -> dict[str, Any]:
    """Write the job's generator script with the configured backend; three queries."""

    def write(job: ScriptGenerationJob) -> dict[str, Any]:
        script = get_backend().generate_generator_script(job)
        return {"generator_code": check_generator_script(script)}

    return run_claimed(self, job_id, JobType.SCRIPT_GENERATION, PROBLEM_FIELDS, write)


def extraction_cache_key(url: str) -> str:
    """The cache key of a page's extraction (hashed: URLs hold characters caches refuse)."""
    return "algoitny_core:extraction:" + hashlib.sha256(url.encode()).hexdigest()


def _cached(key: str) -> ProblemInfo | None:
    # The cache only saves a model call: when it is down, ask the backend instead.
    try:
        data = cache.get(key)
        return ProblemInfo.from_dict(data) if isinstance(data, dict) else None
    except Exception:
        logger.warning("Extraction cache unavailable for %s", key, exc_info=True)
        return None


def read_page(url: str, html: str | None) -> ProblemInfo:
    """The backend's reading of the page at ``url``, from the cache when it has it."""
    url = validate_url(url)
    timeout = app_settings.EXTRACTION_CACHE_TIMEOUT
    key = extraction_cache_key(url)
    info = _cached(key) if timeout else None
    if info is None:
        info = get_backend().extract_problem_info(url, html)
        if not info.constraints.strip():
            raise LLMError(f"No constraints found on the page {url}.")
        if timeout:
            try:
                cache.set(key, info.as_dict(), timeout)
            except Exception:
                logger.warning("Extraction cache unavailable for %s", key, exc_info=True)
    return info


@shared_task(**TASK_OPTIONS)
def extract_problem_info_task(self: Any, job_id: int, html: str | None = None) -> dict[str, Any]:
    """Fill the job's title, constraints and tags from its ``problem_url`` (``html``: the
    page, when the caller has it); cached by URL; three queries."""

    def extract(job: ScriptGenerationJob) -> dict[str, Any]:
        info = read_page(job.problem_url, html)
        fields: dict[str, Any] = {
            "problem_url": info.url,
            "title": info.title[:255],
            "constraints": info.constraints,
            "tags": list(info.tags),
        }
        if info.platform in Platform.values and info.problem_id:
            fields |= {"platform": info.platform, "problem_id": info.problem_id[:64]}
        return fields

    return run_claimed(self, job_id, JobType.PROBLEM_EXTRACTION, ["problem_url"], extract)
