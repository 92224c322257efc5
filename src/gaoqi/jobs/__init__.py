"""Background jobs with visible progress, over Django's task framework (``django-tasks`` with the
``django-tasks-db`` database backend, on SQLite and on PostgreSQL with any number of workers).

Our ``Job`` row (``gaoqi.jobs.models``) is what people see: kind, Chinese label, who asked, status
(queued, running, succeeded, failed, cancelled, interrupted), progress (done / total and a stage
message), result summary, error, download file and the parameters it ran with. The framework's own
result row (``Job.task_result_id``) is what the workers consume. Running workers: docs/workers.md.

Adding a job kind (the import pipeline's import job follows this pattern)
---------------------------------------------------------------------------
In ``<app>/tasks.py`` (imported in every process by this app's ``ready``)::

    from gaoqi.jobs.errors import JobError
    from gaoqi.jobs.framework import job_kind

    @job_kind(
        "import_file",                        # the kind, stored on the job
        gettext_lazy("数据导入"),              # its Chinese name
        may_start=lambda user: has_perm(user, Perm.IMPORT_DATA),
        describe=lambda params: _("导入：%(name)s") % {"name": params["file_name"]},
        summary_labels={"created": gettext_lazy("新增"), "updated": gettext_lazy("更新")},
    )
    def import_file(job, progress):
        rows = read(job.params["path"])                          # JSON-ready parameters only
        for done, row in enumerate(rows, 1):
            validate(row)
            progress.update(done, len(rows), _("正在校验"))       # call freely: writes are throttled
        progress.update(len(rows), len(rows), _("正在写入数据库"))
        with transaction.atomic():                               # all rows or none
            summary = commit(rows)
        return summary                                           # the job's result summary (JSON)

Start it from a view with ``run_job("import_file", params, request.user)`` (it checks ``may_start``,
records the job and enqueues it when the surrounding transaction commits) and redirect to
``jobs:detail``, which shows the progress bar, the summary, the error and the re-run button.

Rules for job code:

- Atomicity: do the writes in one transaction, or in steps that are each one transaction and
  idempotent (``evaluate_district`` commits chunks and skips enterprises whose inputs did not
  change), so a killed worker leaves nothing half-written and a re-run finishes the work.
- Progress goes through ``JobProgress`` only; never write the ``Job`` row inside your transaction
  (the progress writer updates that row from its own connection and would wait for your lock).
- SQLite allows one writer at a time: progress reported while your transaction is open appears when
  it commits, and a transaction longer than ``GAOQI_JOB_STALE_SECONDS`` (default 60) would look like a
  dead worker. Validate and prepare outside the transaction; keep the write phase short.
- Fail with ``JobError(_("..."))``: its Chinese message is shown as it is; any other exception is
  reported as an internal error (its traceback stays in the task framework's result and the log).
- The handler runs as ``acting_as(job.requested_by)``: audited changes carry the user and the request
  id ``job-<id>``. Scope every query with ``Model.objects.for_user(job.requested_by)``.
- A file result: ``job.file.save(name, ContentFile(data), save=False)`` then update ``file`` and
  ``file_name`` with a queryset ``update`` once it is complete (see ``export_list``).

Other entry points: ``rerun(job, user)``, ``request_cancel(job)`` (``progress.update`` then raises
``JobCancelled`` inside the job), ``gaoqi.jobs.recovery.sweep_interrupted()``, and
``gaoqi.jobs.worker.run_pending()`` / ``start_background_worker()`` for tests, scripts and the demo.
List exports are registered with ``gaoqi.jobs.exports.export_source``; daily jobs (queued by the
workers, once a day) with ``gaoqi.jobs.scheduler.daily_job`` in ``<app>/schedule.py``.
"""
