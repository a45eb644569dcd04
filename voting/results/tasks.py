"""Background jobs of the results: counting an envelope runs in a worker, not in a request."""

from django.tasks import task

from voting.results import jobs


@task()
def count_envelope(job_id: int) -> None:
    jobs.count_run(job_id=job_id)
