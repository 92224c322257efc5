"""Job pages: who sees which job, live status polling, download permission, starting and re-running."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gaoqi.accounts.models import Role
from gaoqi.jobs.models import Job
from gaoqi.jobs.tests.helpers import TOWN_A, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "admin": make_user("admin", Role.BUREAU_ADMIN),
        "officer": make_user("officer", Role.BUREAU_OFFICER),
        "other": make_user("other", Role.BUREAU_OFFICER),
        "town": make_user("town", Role.TOWN_OFFICER, town_code=TOWN_A),
    }


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _job(owner, status=Job.Status.SUCCEEDED, **fields) -> Job:
    return Job.objects.create(
        kind="evaluate_district",
        label=f"{owner.username} 的任务",
        requested_by=owner,
        status=status,
        **fields,
    )


def _labels(client, user) -> set[str]:
    client.force_login(user)
    page = client.get(reverse("jobs:list"))
    assert page.status_code == 200
    return {job.label for job in page.context["page"]}


def test_the_list_shows_ones_own_jobs_and_every_job_to_the_bureau_admin(client, people):
    for owner in ("officer", "other", "town"):
        _job(people[owner])
    assert _labels(client, people["officer"]) == {"officer 的任务"}
    assert _labels(client, people["town"]) == {"town 的任务"}
    assert _labels(client, people["admin"]) == {"officer 的任务", "other 的任务", "town 的任务"}


def test_another_users_job_and_its_file_are_404(client, people):
    job = _job(people["officer"])
    job.file.save("x.xlsx", ContentFile(b"data"))
    client.force_login(people["other"])
    for name in ("detail", "status", "download"):
        assert client.get(reverse(f"jobs:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:rerun", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:cancel", args=[job.pk])).status_code == 404


def test_the_owner_downloads_the_file_under_its_chinese_name(client, people):
    job = _job(people["officer"], file_name="企业名单-20261129.xlsx")
    job.file.save("x.xlsx", ContentFile(b"workbook bytes"))
    client.force_login(people["officer"])
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"workbook bytes"
    assert "filename*=utf-8''%E4%BC%81%E4%B8%9A" in response["Content-Disposition"]


def test_a_job_without_a_file_has_no_download(client, people):
    job = _job(people["officer"])
    client.force_login(people["officer"])
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert "job-download" not in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_the_status_card_polls_every_second_until_the_job_has_finished(client, people):
    job = _job(people["officer"], status=Job.Status.RUNNING, done=30, total=120, stage="正在评价企业")
    client.force_login(people["officer"])
    card = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in card
    assert "正在评价企业（30 / 120）" in card and "width: 25%" in card

    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.SUCCEEDED, done=120, summary={"enterprises": 120, "evaluated": 7}
    )
    card = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "hx-trigger" not in card
    assert "企业数" in card and "本次评价" in card and "已完成" in card


def test_a_failed_job_shows_its_error_and_offers_a_rerun(client, people):
    job = _job(people["officer"], status=Job.Status.FAILED, error="评价日“x”不是有效日期。")
    client.force_login(people["officer"])
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "评价日“x”不是有效日期。" in page and "job-rerun" in page


def test_a_bureau_officer_starts_a_district_evaluation_that_is_queued(
    client, people, django_capture_on_commit_callbacks
):
    client.force_login(people["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:evaluate"), {"as_of": "2026-05-31"})
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.requested_by) == (
        "evaluate_district",
        Job.Status.QUEUED,
        people["officer"],
    )
    assert job.params == {"as_of": "2026-05-31", "force": False}
    assert job.label == "全区企业评价（评价日 2026-05-31）"
    assert DBTaskResult.objects.get(id=job.task_result_id).args_kwargs == {"args": [job.pk], "kwargs": {}}


def test_only_bureau_roles_see_and_use_the_evaluation_button(client, people):
    client.force_login(people["town"])
    assert "start-evaluation" not in client.get(reverse("jobs:list")).content.decode()
    assert client.post(reverse("jobs:evaluate")).status_code == 403
    client.force_login(people["officer"])
    assert "start-evaluation" in client.get(reverse("jobs:list")).content.decode()


def test_a_rerun_is_a_new_job_with_the_same_parameters(client, people, django_capture_on_commit_callbacks):
    old = _job(
        people["officer"], status=Job.Status.INTERRUPTED, params={"as_of": "2026-05-31", "force": True}
    )
    client.force_login(people["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:rerun", args=[old.pk]))
    new = Job.objects.exclude(pk=old.pk).get()
    assert response.url == reverse("jobs:detail", args=[new.pk])
    assert (new.params, new.rerun_of, new.status) == (old.params, old, Job.Status.QUEUED)


def test_an_export_is_started_with_the_pages_query(client, people, django_capture_on_commit_callbacks):
    client.force_login(people["town"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:export", args=["enterprises"]) + "?town=330603001&sort=-sales")
    job = Job.objects.get()
    assert job.kind == "export_list" and job.label == "导出：企业名单"
    assert job.params == {"source": "enterprises", "query": {"town": ["330603001"], "sort": ["-sales"]}}
    assert client.post(reverse("jobs:export", args=["nothing"])).status_code == 404


def test_roles_without_export_permission_cannot_start_an_export(client):
    expert = make_user("expert", Role.EXPERT)
    client.force_login(expert)
    assert client.post(reverse("jobs:export", args=["enterprises"])).status_code == 403
    assert not Job.objects.exists()


def test_cancelling_a_queued_job_marks_it_cancelled(client, people):
    job = _job(people["officer"], status=Job.Status.QUEUED)
    client.force_login(people["officer"])
    client.post(reverse("jobs:cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED and job.cancel_requested


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    assert client.get(reverse("jobs:list")).status_code == 302


def test_the_list_refreshes_itself_only_while_a_job_is_active(client, people):
    job = _job(people["officer"], status=Job.Status.RUNNING, heartbeat_at=timezone.now())
    client.force_login(people["officer"])
    assert 'hx-trigger="every 2s"' in client.get(reverse("jobs:list")).content.decode()
    table = client.get(reverse("jobs:list"), HTTP_HX_REQUEST="true").content.decode()
    assert table.lstrip().startswith('<div class="card" id="job-table"')
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED)
    assert "hx-trigger" not in client.get(reverse("jobs:list")).content.decode()
