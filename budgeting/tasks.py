"""Background jobs of the round: letters to proposers go out from a worker."""

from django.tasks import task

from budgeting import letters as proposer_letters


@task()
def send_letters(letters: list[list[str]], about: str) -> None:
    proposer_letters.send([proposer_letters.Letter(*letter) for letter in letters], about=about)
