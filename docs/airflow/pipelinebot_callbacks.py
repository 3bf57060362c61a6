"""Airflow callbacks that report runs and failures to PipelineBot.

Put this file in your DAGs folder (or a package on the scheduler's path) and set two Airflow Variables, or
environment variables of the same names:
    PIPELINEBOT_URL             the bot's base URL, e.g. https://pipelinebot.example.com
    PIPELINEBOT_WEBHOOK_SECRET  the same value as the bot's PipelineBot:Alerts:WebhookSecret

    from pipelinebot_callbacks import pipelinebot_callbacks, report_quality

    with DAG("profit_daily", ..., **pipelinebot_callbacks("profit")):
        ...
        # in the last task, after counting: report_quality("profit", context, records=n, dropped=d,
        #                                                   null_critical={"transaction_id": 0})

pipelinebot_callbacks() returns DAG keyword arguments including default_args: if the DAG has default_args of its own,
merge them (default_args={**yours, **pipelinebot_callbacks("profit")["default_args"]}).

Only the standard library is used, so nothing needs installing on the workers. A failed report is logged and never
fails the task: the bot's late-data check still notices a pipeline that stops reporting.
"""

import hashlib
import hmac
import json
import logging
import os
import urllib.request

log = logging.getLogger(__name__)


def _setting(name):
    try:
        from airflow.models import Variable

        value = Variable.get(name, default_var=None)
    except Exception:  # outside Airflow, or no metadata database: fall back to the environment
        value = None
    return value or os.environ.get(name)


def _post(path, body):
    base, secret = _setting("PIPELINEBOT_URL"), _setting("PIPELINEBOT_WEBHOOK_SECRET")
    if not base or not secret:
        log.warning("PipelineBot is not configured (PIPELINEBOT_URL, PIPELINEBOT_WEBHOOK_SECRET); report skipped")
        return
    raw = json.dumps({k: v for k, v in body.items() if v is not None}).encode("utf-8")
    signature = "sha256=" + hmac.new(secret.encode("utf-8"), raw, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        base.rstrip("/") + path,
        data=raw,
        method="POST",
        headers={"Content-Type": "application/json", "X-PipelineBot-Signature": signature},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            log.info("PipelineBot %s: %s %s", path, response.status, response.read().decode("utf-8", "replace"))
    except Exception as error:  # the report must never fail the pipeline
        log.warning("PipelineBot %s failed: %s", path, error)


def _run(context):
    dag_run = context["dag_run"]
    logical = getattr(dag_run, "logical_date", None) or context.get("logical_date")
    return dag_run, (logical.isoformat() if logical else None)


def report_run(pipeline, context, state, **figures):
    """POST /api/runs: state is "started", "succeeded" or "failed"."""
    dag_run, logical = _run(context)
    _post("/api/runs", {"pipeline": pipeline, "runId": dag_run.run_id, "state": state, "logicalDate": logical, **figures})


def report_quality(pipeline, context, records, dropped, null_critical=None):
    """Sends the run's figures; the bot opens a data-quality incident when they break the SLA."""
    report_run(pipeline, context, "succeeded", records=records, dropped=dropped, nullCritical=null_critical)


def report_failure(pipeline, context):
    """POST /api/alerts for a failed task: one incident per DAG run, however many tasks fail."""
    dag_run, logical = _run(context)
    task = context.get("task_instance")
    error = context.get("exception")
    _post(
        "/api/alerts",
        {
            "pipeline": pipeline,
            "runId": dag_run.run_id,
            "kind": "failure",
            "summary": f"Task {task.task_id if task else '?'} failed: {error}"[:2000],
            "dagId": dag_run.dag_id,
            "taskId": task.task_id if task else None,
            "logUrl": getattr(task, "log_url", None),
            "logicalDate": logical,
        },
    )


def pipelinebot_callbacks(pipeline):
    """DAG keyword arguments: a failure alert from any failing task, a run event when the DAG run ends."""
    return {
        "default_args": {"on_failure_callback": lambda context: report_failure(pipeline, context)},
        "on_success_callback": lambda context: report_run(pipeline, context, "succeeded"),
        "on_failure_callback": lambda context: report_run(pipeline, context, "failed"),
    }
